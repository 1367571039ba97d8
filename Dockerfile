FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir -p bot web db services core sandbox && touch bot/__init__.py web/__init__.py \
    db/__init__.py services/__init__.py core/__init__.py sandbox/__init__.py \
    && pip install -e . && rm -rf bot web db services core sandbox

COPY . .
RUN useradd --create-home lunchbot
USER lunchbot

EXPOSE 8080
# `run` applies pending migrations itself (under an advisory lock), so no separate step.
CMD ["lunchbot", "run"]
