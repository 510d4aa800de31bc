"""The `dashboard:` section: off unless `listen` is set. `public_url` is what sign-in links point at (the
address people open, behind a TLS proxy in production); the session cookie is `Secure` when it is https."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.config import listen_address


class DashboardConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    listen: str | None = None  # "127.0.0.1:8090"; "0.0.0.0:8090" in a container behind a proxy
    public_url: str | None = None  # "https://bot.example.org/dashboard"; default http://<listen>
    link_minutes: int = Field(10, ge=1, le=60)  # a sign-in link works once, this long
    session_hours: int = Field(8, ge=1, le=24 * 7)
    sign_ins_per_minute: int = Field(10, ge=1, le=600)  # per client address, against guessing links

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str | None) -> str | None:
        if value is not None:
            listen_address(value)
        return value

    @field_validator("public_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("public_url must start with http:// or https://")
        return value.rstrip("/") if value else value

    @property
    def enabled(self) -> bool:
        return self.listen is not None

    def base_url(self) -> str:
        if self.public_url:
            return self.public_url
        host, port = listen_address(self.listen or "127.0.0.1:8090")
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"

    @property
    def secure_cookie(self) -> bool:
        return self.base_url().startswith("https://")
