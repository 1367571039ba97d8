"""The one Tortoise model `python -m bench.cli_baselines link` reads: a cafe's id and name."""

from tortoise import fields
from tortoise.models import Model


class Cafe(Model):
    _no_comments = True  # as db.models: no field comments to parse out of this file
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255)

    class Meta:
        table = "cafes"
