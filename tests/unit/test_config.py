"""Config validation: each error names the setting and what is wrong; secrets never come from the file."""

from pathlib import Path

import pytest

from bot.cli import load as load_with
from bot.config import normalise_db_url
from bot.config_file import load_settings
from bot.errors import ConfigError
from handlers import FEATURES, main
from handlers.events.feature import feature as events
from handlers.faq.feature import feature as faq

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def error_for(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as info:
        load_settings(write(tmp_path, text), environ=environ or {})
    return str(info.value)


def load(path: Path):  # type: ignore[no-untyped-def]
    return load_with(path, FEATURES, environ={})


def test_shipped_config_is_valid() -> None:
    settings = load(ROOT / "config.yaml")
    assert settings.command_prefix == "!"
    assert settings.db_url.startswith("sqlite+aiosqlite:///")


def test_defaults_need_no_file() -> None:
    settings = load_settings(None, environ={})
    assert settings.timezone == "Europe/Brussels"
    assert settings.coordinator_power_level == 50
    assert str(settings.db_url).endswith("data/ncc-bot.db")


def test_unknown_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    message = error_for(tmp_path, "timzone: Europe/Paris\n")
    assert "timzone: unknown setting (did you mean 'timezone'?)" in message


def test_nested_unknown_key_and_bad_room_timezone(tmp_path: Path) -> None:
    message = error_for(tmp_path, "rooms:\n  - id: '!a:example.org'\n    timezone: Europe/Brusels\n    langauge: fr\n")
    assert "rooms[0].timezone: unknown time zone 'Europe/Brusels'" in message
    assert "rooms[0].langauge: unknown setting (did you mean 'language'?)" in message


def test_bad_homeserver_url(tmp_path: Path) -> None:
    assert "homeserver: 'matrix.example.org' is not a homeserver URL" in error_for(
        tmp_path, "homeserver: matrix.example.org\n"
    )
    assert "invalid port" in error_for(tmp_path, "homeserver: 'http://host:99999'\n")


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    message = error_for(tmp_path, "homeserver: nope\ntimezone: Mars/Olympus\ncomand_prefix: '?'\n")
    assert "homeserver:" in message and "timezone:" in message and "comand_prefix:" in message


@pytest.mark.parametrize("key", ["password", "access_token"])
def test_secrets_in_the_file_are_refused(tmp_path: Path, key: str) -> None:
    assert "must not be in the config file" in error_for(tmp_path, f"{key}: hunter2\n")


def test_bad_user_ids(tmp_path: Path) -> None:
    assert "coordinators[1]: 'bob' is not a Matrix user id" in error_for(tmp_path, "coordinators: ['@a:x.org', bob]\n")
    assert "user_id:" in error_for(tmp_path, "user_id: 'ncc-bot'\n")


def test_invalid_yaml_gives_line_and_column(tmp_path: Path) -> None:
    message = error_for(tmp_path, "rooms: [\n  - id: x\n")
    assert "not valid YAML at line" in message


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert "top level must be a mapping" in error_for(tmp_path, "- a\n- b\n")


def test_literal_errors_show_the_value(tmp_path: Path) -> None:
    message = error_for(tmp_path, "log_format: xml\n")
    assert "log_format:" in message and "'xml'" in message


def test_features_keep_their_per_room_options_in_their_own_section(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "faq:\n  mode: 'off'\n  rooms:\n    '!a:x.org': {mode: auto}\n"
        "events:\n  rooms:\n    '!a:x.org': {allow_room_mention: true}\n",
    )
    settings = load(path)
    assert faq.config_of(settings).mode_in("!a:x.org") == "auto"
    assert faq.config_of(settings).mode_in("!b:x.org") == "off"
    assert events.config_of(settings).room_mention_allowed("!a:x.org")
    assert not events.config_of(settings).room_mention_allowed("!b:x.org")
    with pytest.raises(ConfigError, match=r"faq\.rooms\.!a:x\.org\.mode"):
        load(write(tmp_path, "faq:\n  rooms:\n    '!a:x.org': {mode: always}\n"))
    with pytest.raises(ConfigError, match="not a room id"):
        load(write(tmp_path, "faq:\n  rooms:\n    'lobby': {mode: auto}\n"))


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "timezone: Europe/Paris\nhomeserver: http://a.example\n")
    settings = load_settings(
        path,
        environ={
            "NCC_BOT_TIMEZONE": "Europe/Lisbon",
            "NCC_BOT_COORDINATORS": "@a:x.org, @b:x.org",
            "NCC_BOT_PASSWORD": "s3cret",
            "NCC_BOT_DATABASE_URL": "postgresql://u@h/db",
        },
    )
    assert settings.timezone == "Europe/Lisbon"
    assert settings.homeserver == "http://a.example"
    assert settings.coordinators == ["@a:x.org", "@b:x.org"]
    assert settings.db_url == "postgresql+asyncpg://u@h/db"
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())


def test_env_error_names_the_variable(tmp_path: Path) -> None:
    message = error_for(tmp_path, "", environ={"NCC_BOT_TIMEZONE": "Nowhere/City"})
    assert "timezone (from NCC_BOT_TIMEZONE): unknown time zone" in message


def test_password_file_outside_the_config(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("from-file\n")
    settings = load_settings(write(tmp_path, f"password_file: {secret}\n"), environ={})
    assert settings.password is not None and settings.password.get_secret_value() == "from-file"
    with pytest.raises(ConfigError, match="password_file: cannot read"):
        load_settings(write(tmp_path, "password_file: /nonexistent/pw\n"), environ={})


def test_relative_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "data_dir: state\n"), environ={})
    assert settings.data_dir == tmp_path / "state"


def test_per_room_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "timezone: Europe/Warsaw\nrooms:\n  - id: '!fr:x.org'\n    language: fr\n    timezone: Europe/Paris\n",
    )
    settings = load_settings(path, environ={})
    assert settings.room_language("!fr:x.org") == "fr" and settings.room_language("!other:x.org") == "en"
    assert str(settings.room_timezone("!fr:x.org")) == "Europe/Paris"
    assert str(settings.room_timezone("!other:x.org")) == "Europe/Warsaw"


def test_unknown_handler_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="handlers: unknown handler"):
        load(write(tmp_path, "handlers: [admin, wheather]\n"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ],
)
def test_database_urls_get_async_drivers(url: str, expected: str) -> None:
    assert normalise_db_url(url) == expected


def test_check_config_exit_status_and_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "homeserver: 'not a url'\ntimezone: Europe/Brusels\nsync:\n  timeout: 5\n")
    assert main(["check-config", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "homeserver:" in err and "Europe/Brusels" in err and "sync.timeout: unknown setting" in err
    assert "Traceback" not in err
    assert main(["check-config", "--config", str(ROOT / "config.yaml")]) == 0


def test_metrics_listen_address_and_health_window(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, "metrics:\n  listen: '[::1]:9109'\n"), environ={})
    assert settings.metrics.address == ("::1", 9109)
    assert load_settings(None, environ={}).metrics.address is None  # off unless configured
    env = load_settings(None, environ={"NCC_BOT_METRICS_LISTEN": "0.0.0.0:9200"})
    assert env.metrics.address == ("0.0.0.0", 9200)
    assert "metrics.listen" in error_for(tmp_path, "metrics:\n  listen: localhost\n")
    assert "is not a listen address" in error_for(tmp_path, "metrics:\n  listen: 'h:99999'\n")
    text = error_for(tmp_path, "sync:\n  timeout_ms: 60000\nmetrics:\n  stale_sync_seconds: 30\n")
    assert "must exceed the sync long-poll" in text
    assert "(from NCC_BOT_METRICS_LISTEN)" in error_for(tmp_path, "", {"NCC_BOT_METRICS_LISTEN": "nope"})


def test_room_version_12_ids_have_no_server_part(tmp_path: Path) -> None:
    v12 = "!Xq3620DUiqCaoxq1nJW8eOQRgXPyDdYnF7NXo3mVhEo"
    config = f"coordinator_rooms: ['{v12}']\nrooms:\n  - {{id: '{v12}'}}\n"
    settings = load_settings(write(tmp_path, config), environ={})
    assert settings.coordinator_rooms == [v12] and settings.room(v12) is not None
    assert "is not a room id" in error_for(tmp_path, "rooms:\n  - {id: '#alias-without-server'}\n")
    assert "is not a room id" in error_for(tmp_path, "rooms:\n  - {id: '!has space'}\n")


def test_check_config_refuses_what_would_fail_later_in_chat(tmp_path: Path) -> None:
    text = error_for_features(tmp_path, "events:\n  default_reminders: [7d, banana]\n")
    assert "events.default_reminders" in text and "banana is not an offset" in text and "w, d, h, m or s" in text
    bad_schedule = "events:\n  announcements:\n    - {id: weekly, rooms: ['!r:x'], schedule: 'sometimes', text: hi}\n"
    assert "sometimes is not a schedule" in error_for_features(tmp_path, bad_schedule)
    bad_cron = "events:\n  announcements:\n    - {id: weekly, rooms: ['!r:x'], schedule: '0 25 * * mon', text: hi}\n"
    assert "is not a valid cron expression" in error_for_features(tmp_path, bad_cron)
    bad_room = "events:\n  announcements:\n    - {id: weekly, rooms: ['lobby'], schedule: 'monday 9:00', text: hi}\n"
    assert "is not a room id" in error_for_features(tmp_path, bad_room)
    good = "events:\n  default_reminders: [2d, 90m, 30s]\n"
    assert load(write(tmp_path, good)).events.default_reminders == ["2d", "90m", "30s"]


def error_for_features(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load(write(tmp_path, text))
    return str(info.value)
