FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# Dependencies first, so a code change does not reinstall them. The editable install maps
# the packages that exist when it runs, so each one needs its stub here (without `lunchbot`'s,
# the image could not import it).
COPY pyproject.toml README.md ./
ENV PACKAGES="lunchbot bot web db services core sandbox"
RUN for p in $PACKAGES; do mkdir -p $p && touch $p/__init__.py; done \
    && pip install -e . && rm -rf $PACKAGES

COPY . .
# PYTHONDONTWRITEBYTECODE: the app never writes .pyc at run time (nor could it, as lunchbot),
# so they are compiled once here; without them every start compiles every module again.
RUN python -m compileall -q $PACKAGES
RUN useradd --create-home lunchbot
USER lunchbot

EXPOSE 8080
# `run` applies pending migrations itself (under an advisory lock), so no separate step.
CMD ["lunchbot", "run"]
