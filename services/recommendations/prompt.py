"""What we ask Gemini and what we accept back.

The prompt is one Russian text, filled from the order statistics, plus the names of dishes
on the user's cafes' menus they have not ordered yet (for the "new dishes to try" tip) and, for
someone who reads the bot in English, a request to answer in English.
"""

from __future__ import annotations

import copy
import functools
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from services.stats import OrderStats

if TYPE_CHECKING:
    from google.genai import types

PROMPT = """\
Проанализируй привычки питания пользователя и дай персональные рекомендации.

Статистика за {days} дней:
- Всего заказов: {orders_count}
- Распределение по категориям: {categories}
- Уникальных блюд: {unique_dishes} из {total_available}
{untried}
Дай краткое резюме (1 предложение) и 2-3 совета:
1. По сбалансированности питания
2. По разнообразию рациона
3. Новые блюда для пробы (из меню)

Формат ответа JSON:
{{
    "summary": "краткое резюме",
    "tips": ["совет 1", "совет 2", "совет 3"]
}}
"""
UNTRIED = "- Ещё не попробованные блюда из меню: {names}\n"
IN_ENGLISH = "\nОтветь на английском языке.\n"

CATEGORY_NAMES = {
    "soup": "супы",
    "salad": "салаты",
    "main": "основные блюда",
    "garnish": "гарниры",
    "drink": "напитки",
    "dessert": "десерты",
    "bakery": "выпечка",
}

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Advice(BaseModel):
    """The answer: one summary and two or three tips, none of them empty. Also the response
    schema Gemini is given (structured output)."""

    summary: Text
    tips: list[Text] = Field(min_length=2, max_length=3)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The SDK turns the response schema into JSON on every request, the same JSON each
        time: made once, and a copy handed out each time (the SDK edits what it gets)."""
        if args or kwargs or cls is not Advice:
            return super().model_json_schema(*args, **kwargs)
        return copy.deepcopy(_advice_schema())


@functools.cache
def _advice_schema() -> dict[str, Any]:
    return super(Advice, Advice).model_json_schema()


def generation_config() -> types.GenerateContentConfig:
    return _config_class()(response_mime_type="application/json", response_schema=Advice)


@functools.cache
def _config_class() -> type[types.GenerateContentConfig]:
    from google.genai import types  # see advisor._load_sdk

    class Config(types.GenerateContentConfig):
        """The SDK turns the config into the request's JSON on every call, asking `name in
        config` for each of its fifty-odd fields before falling back to getattr. A pydantic
        model has no `__contains__`, so each such test iterates every field as a (name,
        value) pair, and a name never equals a pair: always False, at a cost that made up
        a good part of the SDK's time per request. Here the same answer, at once."""

        def __contains__(self, key: object) -> bool:
            return False

    return Config


def build_prompt(stats: OrderStats) -> str:
    categories = ", ".join(
        f"{CATEGORY_NAMES.get(name, name)} — {stats.category_percent[name]:g}% ({count})"
        for name, count in stats.category_counts.items()
    )
    untried = UNTRIED.format(names=", ".join(stats.untried)) if stats.untried else ""
    prompt = PROMPT.format(
        days=stats.days,
        orders_count=stats.orders,
        categories=categories or "нет данных",
        unique_dishes=stats.unique_dishes,
        total_available=stats.dishes_available,
        untried=untried,
    )
    return prompt + IN_ENGLISH if stats.language == "en" else prompt
