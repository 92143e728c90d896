"""Settings, all from the environment (twelve-factor); the defaults are the embedded set-up of `make run`.

Embedded default: a SQLite file, Celery eager, Channels in memory, e-mails printed to the console.
Production: DATABASE_URL (PostgreSQL), REDIS_URL (Celery broker, cache, Channels layer), SECRET_KEY,
EMAIL_URL, ALLOWED_HOSTS and DJANGO_ENV=production (secure cookies, HSTS, `operadora check --deploy`).
"""

from pathlib import Path

import environ
from celery.schedules import crontab

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent  # the operadora package
DATA_DIR = Path(env.str("OPERADORA_DATA_DIR", default=str(Path.cwd() / "var")))
PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"

# Production requires SECRET_KEY from the environment; the fallback serves only the embedded set-up.
SECRET_KEY = env.str("SECRET_KEY") if PRODUCTION else env.str(
    "SECRET_KEY", default="inseguro-apenas-para-desenvolvimento-local-0123456789abcdef"
)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "channels",
    "operadora.core",
    "operadora.registry",
    "operadora.accounts",
    "operadora.tiss",
    "operadora.authorizations",
    "operadora.billing",
    "operadora.claims",
    "operadora.portal",
    "operadora.backoffice",
    "operadora.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "operadora.core.middleware.RecusarCaracteresInvalidosMiddleware",  # NUL/control chars in GET/POST: 400 pt-BR
    "operadora.accounts.sessao.PoliticaDeSessaoMiddleware",  # idle/absolute limits, admin behind 2FA
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if PRODUCTION:  # in development `runserver` serves static files itself
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "operadora.config.urls"
WSGI_APPLICATION = "operadora.config.wsgi.application"
ASGI_APPLICATION = "operadora.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["operadora.core.templatetags.formatos"],
        },
    }
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'operadora.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Embedded default: WAL lets the dev server read while a command writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # Partial-unique rules with NULLS NOT DISTINCT exist only on PostgreSQL; the embedded set-up lives without.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "America/Sao_Paulo"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "operadora.accounts.senhas.LetrasENumerosValidator"},
]

LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", "Português (Brasil)")]
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True
# Off: with it on, every integer a template prints — object ids in forms, htmx values and URLs included — turns
# into '1.234' past 999 and stops parsing. Money goes through the `brl` filter (R$ 1.234,56), which groups itself.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env.str("FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: EMAIL_URL (smtp+tls://user:pass@host:587) in production; printed to the console by default.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Operadora Aberta <nao-responda@localhost>")

# TISS schemas imported with `operadora tiss import-schemas` (4.02.00 and 4.03.00 come with the `tiss` package).
TISS_SCHEMA_DIR = Path(env.str("TISS_SCHEMA_DIR", default=str(DATA_DIR / "tiss-schemas")))
# Extra `operadora tiss` subcommands contributed by other apps: dotted paths to `register(subparsers)`.
TISS_CLI_SUBCOMMANDS: list[str] = ["operadora.billing.cli.register", "operadora.claims.cli.register"]
# Called with the protocol id inside the receipt transaction of every channel (portal, XML, automatic, CLI); a
# setting, so billing does not import the apps built on it. Empty by default: received protocols are analysed by
# the nightly `analisar_recebidos` below, so a provider may still cancel a lote the day it was sent (seed 003).
# An operadora that wants the analysis at once sets ["operadora.claims.tasks.enfileirar_analise"].
PROTOCOLO_RECEBIDO_ACOES: list[str] = env.list("PROTOCOLO_RECEBIDO_ACOES", default=[])

# Celery beat (`celery -A operadora.config.celery beat`): the periodic, idempotent jobs.
CELERY_BEAT_SCHEDULE = {
    "analisar-protocolos-recebidos": {
        "task": "operadora.claims.tasks.analisar_recebidos",
        "schedule": crontab(hour=1, minute=30),
    },
    "expirar-autorizacoes": {
        "task": "operadora.authorizations.tasks.expirar_autorizacoes",
        "schedule": crontab(hour=0, minute=15),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "operadora.core.rest.PaginacaoLimitOffset",  # strict limit (1–500) and offset
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "operadora.core.rest.tratar_excecao",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Operadora Aberta API",
    "DESCRIPTION": (
        "API REST para integradores dos prestadores.\n\n"
        "**Autenticação**: sessão do portal. Entre com POST em /portal/entrar/ (campos documento e senha, com o "
        "token do formulário) e, se o prestador atende mais de uma operadora, escolha-a em /portal/operadora/; "
        "guarde os cookies sessionid e csrftoken. Todo POST leva o valor do csrftoken no cabeçalho X-CSRFToken "
        "(em HTTPS, também o Referer do site). A sessão expira após 30 minutos sem uso.\n\n"
        "**Isolamento**: o prestador só alcança os próprios objetos com a operadora escolhida; o de outro é 404.\n\n"
        "**Erros**: JSON {\"detail\": \"...\"} em português, com \"codigo\" (tabela TUSS 38) quando existe; "
        "o recebimento de lote recusado responde 422 com a lista de erros do arquivo.\n\n"
        "**Paginação**: listas paginadas por limit (1–500, padrão 100) e offset, com count, next e previous."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

AUTH_USER_MODEL = "accounts.Usuario"
LOGIN_URL = "/portal/entrar/"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute limit; idle limits (portal 30 min, staff 15 min): accounts.sessao
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
