"""Tests of the sync runtime over real HTTP on 127.0.0.1 (see ``runtime_server``)."""

from __future__ import annotations

import email.utils
import json
import logging
import time
from functools import cached_property
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ConfigDict, Field, RootModel

from tests.runtime_server import Reply, ScriptedServer, rt, server_fixture  # noqa: F401

SECRET = "tok-SECRET-123"


# --- hand-written stand-ins for generated code -------------------------------------------------


class Item(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    name: str


class Owner(BaseModel):
    email: str


class Job(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    job_id: str = Field(alias="jobId")
    status: str
    count: int
    items: list[Item] = []
    owner: Owner | None = None


class JobIn(BaseModel):
    job_id: str = Field(alias="jobId")
    note: str | None = None
    size: int = 1


class ErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any] | None = None


class DemoError(rt.APIStatusError):  # type: ignore[name-defined,misc]
    body_model = ErrorBody


class ResourceNotFoundError(rt.BadRequestError, DemoError):  # type: ignore[name-defined,misc]
    pass


class InvalidUrlPatternError(rt.NotFoundError, DemoError):  # type: ignore[name-defined,misc]
    pass


ERROR_SPEC = rt.ErrorSpec(
    code_paths=(("code",), ("error", "code")),
    by_code={
        (400, "RESOURCE_NOT_FOUND"): ResourceNotFoundError,
        (404, "INVALID_URL_PATTERN"): InvalidUrlPatternError,
    },
)


class Jobs(rt.SyncAPIResource):  # type: ignore[name-defined,misc]
    def get(self, *, job_id: str, **options: Any) -> Job:
        path = f"/jobs/{rt.path_param('job_id', job_id)}"
        return self._client.request("GET", path, cast_to=Job, options=options)  # type: ignore[no-any-return]

    def call(self, method: str = "GET", path: str = "/echo", **kwargs: Any) -> Any:
        kwargs.setdefault("cast_to", Any)
        return self._client.request(method, path, **kwargs)


class Demo(rt.SyncAPIClient):  # type: ignore[name-defined,misc]
    def __init__(self, base_url: str, *, auth: Any = None, **kwargs: Any) -> None:
        super().__init__(
            base_url=base_url,
            package="demo_api",
            version="0.1.0",
            errors=ERROR_SPEC,
            auth=auth if auth is not None else rt.BearerAuth(SECRET),
            **kwargs,
        )
        self._backoff_base = 0.01  # keep retry tests fast

    @cached_property
    def jobs(self) -> Jobs:
        return Jobs(self)


JOB = {"jobId": "j1", "status": "done", "count": 2, "items": [{"id": 1, "name": "a"}]}


# --- success, request building ---------------------------------------------------------------


def test_parses_model_and_sends_defaults(server: ScriptedServer) -> None:
    server.script(Reply(body=JOB))
    with Demo(server.url + "/v1/", default_headers={"X-Team": "core"}) as client:
        job = client.jobs.get(job_id="j1")
    assert (
        isinstance(job, Job)
        and job.job_id == "j1"
        and job.items[0] == Item(id=1, name="a")
    )
    seen = server.seen[0]
    assert seen.path == "/v1/jobs/j1"
    assert seen.headers["authorization"] == f"Bearer {SECRET}"
    assert (
        seen.headers["user-agent"] == f"demo_api/0.1.0 python-httpx/{httpx.__version__}"
    )
    assert seen.headers["x-team"] == "core"


def test_query_headers_and_options(server: ScriptedServer) -> None:
    with Demo(server.url) as client:
        echo = client.jobs.call(
            query={"a": 1, "skip": None, "tags": ["x", "y"], "flag": True},
            headers={"X-One": "1", "X-None": None, "authorization": "user-value"},
            options={"extra_headers": {"X-Extra": "e"}, "extra_query": {"page": 2}},
        )
    assert echo["query"] == {
        "a": ["1"],
        "tags": ["x", "y"],
        "flag": ["true"],
        "page": ["2"],
    }
    headers = echo["headers"]
    assert (
        headers["x-one"] == "1"
        and headers["x-extra"] == "e"
        and "x-none" not in headers
    )
    assert (
        headers["authorization"] == f"Bearer {SECRET}"
    )  # auth replaces the user's header
    assert rt._response._RAW_MARKER.lower() not in headers


def test_json_body_dumps_models_and_merges_extra_body(server: ScriptedServer) -> None:
    with Demo(server.url) as client:
        echo = client.jobs.call(
            "POST",
            json={"job": JobIn(jobId="a", note=None), "more": [JobIn(jobId="b")]},
            options={"extra_body": {"extra": 1}},
        )
    assert json.loads(echo["body"]) == {
        "job": {"jobId": "a", "note": None},
        "more": [{"jobId": "b"}],
        "extra": 1,
    }
    assert echo["headers"]["content-type"] == "application/json"


def test_content_form_and_files(server: ScriptedServer) -> None:
    with Demo(server.url) as client:
        assert client.jobs.call("POST", content="raw text")["body"] == "raw text"
        form = client.jobs.call("POST", data={"a": "1"})
        assert form["body"] == "a=1"
        multi = client.jobs.call("POST", data={"a": "1"}, files={"f": ("a.txt", b"hi")})
    assert multi["headers"]["content-type"].startswith("multipart/form-data")
    assert 'name="f"; filename="a.txt"' in multi["body"]


def test_cast_to_any_returns_json_text_or_none(server: ScriptedServer) -> None:
    server.script(Reply(body=[1, 2]), Reply(body="plain"), Reply(status=204))
    with Demo(server.url) as client:
        assert client.jobs.call() == [1, 2]
        assert client.jobs.call() == "plain"
        assert client.jobs.call() is None


def test_path_param_quotes_and_rejects_empty(server: ScriptedServer) -> None:
    assert rt.path_param("job_id", "a/b?c#d e") == "a%2Fb%3Fc%23d%20e"
    assert rt.path_param("n", 5) == "5"
    with pytest.raises(ValueError, match="Expected a non-empty value for `job_id`"):
        rt.path_param("job_id", "")
    server.script(Reply(body=JOB))
    with Demo(server.url) as client:
        client.jobs.get(job_id="../admin")
    assert server.seen[0].path == "/jobs/..%2Fadmin"


def test_borrowed_http_client_is_not_closed(server: ScriptedServer) -> None:
    borrowed = httpx.Client()
    client = Demo(server.url, http_client=borrowed)
    client.jobs.call()
    client.close()
    assert not borrowed.is_closed
    borrowed.close()
    owned = Demo(server.url)
    owned.close()
    assert owned._http.is_closed


# --- auth ------------------------------------------------------------------------------------


def test_auth_schemes(server: ScriptedServer) -> None:
    def sent(auth: Any) -> dict[str, Any]:
        with Demo(server.url, auth=auth) as client:
            return client.jobs.call()  # type: ignore[no-any-return]

    assert sent(rt.BasicAuth("u", "p"))["headers"]["authorization"] == "Basic dTpw"
    assert "authorization" not in sent(rt.BearerAuth(""))["headers"]
    assert "authorization" not in sent(rt.NoAuth())["headers"]
    assert sent(rt.BearerAuth("t", prefix="Zoho-oauthtoken"))["headers"][
        "authorization"
    ] == ("Zoho-oauthtoken t")
    assert sent(rt.ApiKeyAuth("X-API-Key", "k1"))["headers"]["x-api-key"] == "k1"
    assert sent(rt.ApiKeyAuth("api_key", "k2", location="query"))["query"] == {
        "api_key": ["k2"]
    }


def test_digest_auth_answers_the_challenge(server: ScriptedServer) -> None:
    challenge = 'Digest realm="t", nonce="abc", qop="auth", algorithm=MD5'
    server.script(Reply(status=401, headers={"WWW-Authenticate": challenge}))
    with Demo(server.url, auth=rt.DigestAuth("u", "p")) as client:
        echo = client.jobs.call()
    assert echo["headers"]["authorization"].startswith('Digest username="u"')
    assert server.count == 2


def test_credentials_never_in_repr_logs_or_errors(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="demo_api")
    server.script(
        Reply(status=503), Reply(status=400, body={"code": "X", "message": "no"})
    )
    auth = rt.ApiKeyAuth("custom_key", "KEY-SECRET", location="query")
    client = Demo(server.url + "?token=URL-SECRET", auth=auth)
    with pytest.raises(rt.BadRequestError) as info:
        client.jobs.call(query={"access_token": SECRET, "page": 1})
    with Demo(server.url) as bearer:
        bearer.jobs.call()
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name == "demo_api")
    assert "Retrying GET" in ours and "REDACTED" in ours and "page=1" in ours
    text = " ".join([ours, repr(client), str(info.value), repr(rt.BearerAuth(SECRET))])
    text += repr(auth) + repr(rt.BasicAuth("u", SECRET))
    for secret in (SECRET, "KEY-SECRET", "URL-SECRET"):
        assert secret not in text
    client.close()


def test_log_env_var_attaches_handler(
    monkeypatch: pytest.MonkeyPatch, server: ScriptedServer
) -> None:
    monkeypatch.setenv("DEMO_ENVLOG_LOG", "debug")
    logger = logging.getLogger("demo_envlog")
    try:
        rt.SyncAPIClient(
            base_url=server.url,
            package="demo_envlog",
            version="1",
            errors=rt.ErrorSpec(),
            auth=rt.NoAuth(),
        ).close()
        assert logger.level == logging.DEBUG
        assert any(isinstance(h, logging.StreamHandler) for h in logger.handlers)
    finally:
        logger.handlers.clear()
        logger.setLevel(logging.NOTSET)


def test_read_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_TOKEN", "from-env")
    kw: dict[str, Any] = {"name": "access_token", "env": "DEMO_TOKEN"}
    assert rt.read_setting("explicit", default="d", required=True, **kw) == "explicit"
    assert rt.read_setting(None, default="d", required=True, **kw) == "from-env"
    monkeypatch.setenv("DEMO_TOKEN", "")
    assert rt.read_setting(None, default="d", required=True, **kw) == "d"
    assert rt.read_setting(None, default=None, required=False, **kw) is None
    with pytest.raises(rt.MissingSettingError) as info:
        rt.read_setting(None, default=None, required=True, **kw)
    assert (
        str(info.value)
        == "access_token is required: pass access_token=... or set DEMO_TOKEN"
    )
    assert isinstance(info.value, ValueError)


# --- errors ----------------------------------------------------------------------------------


def test_documented_code_dispatch(server: ScriptedServer) -> None:
    body = {
        "code": "RESOURCE_NOT_FOUND",
        "message": "The requested resource doesn't exist.",
    }
    server.script(Reply(status=400, body={**body, "details": {}, "status": "error"}))
    with Demo(server.url) as client, pytest.raises(ResourceNotFoundError) as info:
        client.jobs.get(job_id="j1")
    exc = info.value
    assert isinstance(exc, rt.BadRequestError) and isinstance(exc, DemoError)
    assert (exc.status_code, exc.code) == (400, "RESOURCE_NOT_FOUND")
    assert exc.message == "The requested resource doesn't exist."
    assert str(exc) == "400 RESOURCE_NOT_FOUND: The requested resource doesn't exist."
    assert isinstance(exc.body, ErrorBody) and exc.body.details == {}
    assert exc.response.status_code == 400 and exc.request is not None
    assert server.count == 1  # 400 is never retried


@pytest.mark.parametrize(
    ("reply", "cls", "code", "message"),
    [
        (
            Reply(404, {"code": "INVALID_URL_PATTERN", "message": "m"}),
            InvalidUrlPatternError,
            "INVALID_URL_PATTERN",
            "m",
        ),
        (
            Reply(400, {"code": "OTHER", "message": "m"}),
            rt.BadRequestError,
            "OTHER",
            "m",
        ),
        (Reply(404, "no such page"), rt.NotFoundError, None, "Not Found"),
        (  # an undocumented code still fills `code` (OAuth's `error`)
            Reply(401, {"error": "x", "error_description": "d"}),
            rt.AuthenticationError,
            "x",
            "d",
        ),
        (Reply(403, {"detail": "nope"}), rt.PermissionDeniedError, None, "nope"),
        (Reply(409, {"errors": [{"message": "dup"}]}), rt.ConflictError, None, "dup"),
        (
            Reply(422, {"error": {"code": 1001, "message": "e"}}),
            rt.UnprocessableEntityError,
            "1001",
            "e",
        ),
        (Reply(429, {"title": "slow down"}), rt.RateLimitError, None, "slow down"),
        (Reply(418, None), rt.APIStatusError, None, "I'm a Teapot"),
        (Reply(502, "<html>"), rt.InternalServerError, None, "Bad Gateway"),
    ],
)
def test_status_dispatch(
    server: ScriptedServer,
    reply: Reply,
    cls: type[Exception],
    code: str | None,
    message: str,
) -> None:
    server.script(reply)
    with (
        Demo(server.url, max_retries=0) as client,
        pytest.raises(rt.APIStatusError) as info,
    ):
        client.jobs.call()
    assert type(info.value) is cls
    assert (info.value.code, info.value.message) == (code, message)
    if isinstance(reply.body, str):
        assert info.value.body == reply.body


# --- retries, timeouts, connection errors -----------------------------------------------------


def test_retries_503_twice_then_succeeds(server: ScriptedServer) -> None:
    server.script(Reply(503), Reply(503), Reply(body=JOB))
    with Demo(server.url) as client:
        assert client.jobs.get(job_id="j1").job_id == "j1"
    assert server.count == 3


def test_gives_up_after_max_retries_and_per_call_override(
    server: ScriptedServer,
) -> None:
    server.script(Reply(503), Reply(503), Reply(503), Reply(500))
    with Demo(server.url) as client:
        with pytest.raises(rt.InternalServerError):
            client.jobs.call()
        assert server.count == 3
        with pytest.raises(rt.InternalServerError):
            client.jobs.call(options={"max_retries": 0})
    assert server.count == 4


def test_honours_retry_after_seconds_and_ms(server: ScriptedServer) -> None:
    server.script(
        Reply(429, headers={"Retry-After": "1"}),
        Reply(body=JOB),
        Reply(503, headers={"retry-after-ms": "200"}),
        Reply(body=JOB),
    )
    with Demo(server.url) as client:
        client.jobs.get(job_id="j1")
        client.jobs.get(job_id="j1")
    at = [s.at for s in server.seen]
    assert at[1] - at[0] >= 1.0
    assert 0.2 <= at[3] - at[2] < 1.0


def test_retry_delay_backoff_and_caps() -> None:
    client = Demo("http://127.0.0.1:9")
    client._backoff_base = rt.RETRY_BASE_DELAY  # the real schedule, not the test one
    for attempt, base in [(0, 0.5), (1, 1.0), (2, 2.0), (6, 8.0)]:
        delays = [client._retry_delay(attempt, None) for _ in range(50)]
        assert all(0.75 * base <= d <= 1.25 * base for d in delays)
    assert (
        client._retry_delay(0, httpx.Response(429, headers={"Retry-After": "3600"}))
        == 60.0
    )
    date = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert (
        27
        <= client._retry_delay(0, httpx.Response(503, headers={"Retry-After": date}))
        <= 30
    )
    bad = client._retry_delay(0, httpx.Response(503, headers={"Retry-After": "soon"}))
    assert 0.375 <= bad <= 0.625
    client.close()


def test_dropped_connection(server: ScriptedServer) -> None:
    server.script(Reply(drop=True), Reply(body=JOB))
    with Demo(server.url) as client:
        assert client.jobs.get(job_id="j1").job_id == "j1"
        assert server.count == 2
        server.script(Reply(drop=True), Reply(drop=True), Reply(drop=True))
        with pytest.raises(rt.APIConnectionError) as info:
            client.jobs.get(job_id="j1")
    assert type(info.value) is rt.APIConnectionError and info.value.request is not None
    assert server.count == 5


def test_timeout_client_default_and_per_call(server: ScriptedServer) -> None:
    server.script(Reply(delay=0.5, body=JOB), Reply(body=JOB))
    with Demo(server.url, timeout=0.1, max_retries=1) as client:
        assert client.jobs.get(job_id="j1").job_id == "j1"  # first attempt timed out
    server.script(Reply(delay=0.5, body=JOB))
    with (
        Demo(server.url, timeout=5.0) as client,
        pytest.raises(rt.APITimeoutError) as info,
    ):
        client.jobs.get(job_id="j1", timeout=0.1, max_retries=0)
    assert isinstance(info.value, rt.APIConnectionError)
    assert server.count == 3


# --- raw responses ---------------------------------------------------------------------------


def test_raw_response_wrapper(server: ScriptedServer) -> None:
    server.script(Reply(body=JOB, headers={"X-Request-Id": "r1"}))
    with Demo(server.url) as client:
        raw = rt.to_raw_response_wrapper(client.jobs.get)(
            job_id="j1", extra_headers={"X-A": "1"}
        )
        assert isinstance(raw, rt.RawResponse)
        assert raw.status_code == 200 and raw.headers["x-request-id"] == "r1"
        assert raw.request.url.path == "/jobs/j1" and raw.http_response.json() == JOB
        assert raw.parse() is raw.parse() and raw.parse().job_id == "j1"
        server.script(Reply(400, {"code": "RESOURCE_NOT_FOUND", "message": "m"}))
        with pytest.raises(ResourceNotFoundError) as info:
            rt.to_raw_response_wrapper(client.jobs.get)(job_id="j1")
    assert info.value.response.status_code == 400
    assert server.seen[0].headers["x-a"] == "1"
    assert rt._response._RAW_MARKER.lower() not in server.seen[0].headers


# --- tolerant parsing ------------------------------------------------------------------------


DRIFTED = {
    "jobId": "j1",
    "status": None,  # null where a string was
    "count": "many",  # a string where an int was
    "items": [{"id": 1, "name": "a"}, {"id": "x", "new": True}],  # one item drifted
    "owner": {"email": "o@x"},
    "brandNew": {"a": 1},  # unknown key
}


def test_lenient_parse_keeps_drifted_data(server: ScriptedServer) -> None:
    server.script(Reply(body=DRIFTED), Reply(body={"count": 3}))
    with Demo(server.url) as client:
        job = client.jobs.get(job_id="j1")
        partial = client.jobs.get(job_id="j1")
    assert isinstance(job, Job)
    assert (job.job_id, job.status, job.count) == ("j1", None, "many")
    assert job.items[0] == Item(id=1, name="a")  # the part that fits is validated
    drifted = job.items[1]
    assert isinstance(drifted, Item) and drifted.id == "x" and drifted.name is None
    assert drifted.model_extra == {"new": True}
    assert isinstance(job.owner, Owner) and job.owner.email == "o@x"
    assert job.model_extra == {"brandNew": {"a": 1}}
    assert (
        job.model_dump(by_alias=True, exclude_unset=True, warnings=False)["jobId"]
        == "j1"
    )
    assert (partial.count, partial.job_id, partial.items) == (3, None, [])


def test_lenient_root_model_and_containers(server: ScriptedServer) -> None:
    items = [{"id": 1, "name": "a"}, {"id": "bad", "name": "b"}]
    server.script(Reply(body=items), Reply(body=items), Reply(body={"k": items[1]}))
    with Demo(server.url) as client:
        root = client.jobs.call(cast_to=RootModel[list[Item]])
        plain = client.jobs.call(cast_to=list[Item])
        mapping = client.jobs.call(cast_to=dict[str, Item | None])
    assert isinstance(root, RootModel) and root.root[0] == Item(id=1, name="a")
    assert isinstance(root.root[1], Item) and root.root[1].id == "bad"
    assert plain[0] == Item(id=1, name="a") and plain[1].name == "b"
    assert isinstance(mapping["k"], Item) and mapping["k"].id == "bad"


def test_non_json_success_body(server: ScriptedServer) -> None:
    # A model-typed method never returns the text its annotation does not allow.
    server.script(Reply(body="hello"), Reply(body="hello"), Reply(body="hello"))
    with Demo(server.url) as client:
        with pytest.raises(rt.ResponseValidationError) as info:
            client.jobs.get(job_id="j1")
        assert client.jobs.call(cast_to=str) == "hello"
        assert client.jobs.call(cast_to=Job | str) == "hello"
    assert info.value.status_code == 200
    assert "b'hello'" in str(info.value) and "GET /jobs/j1" in str(info.value)


def test_strict_mode_raises_response_validation_error(server: ScriptedServer) -> None:
    server.script(Reply(body=DRIFTED), Reply(body=JOB))
    with Demo(server.url, strict=True) as client:
        with pytest.raises(rt.ResponseValidationError) as info:
            client.jobs.get(job_id="j1")
        assert client.jobs.get(job_id="j1").count == 2
    assert info.value.response.status_code == 200
    assert "count" in info.value.errors and "Job" in str(info.value)


def test_absolute_paths_bypass_the_base_url(server: ScriptedServer) -> None:
    """A request whose Postman host differs from the client's goes to its own absolute URL."""
    with Demo("http://127.0.0.1:9/unused") as client:
        echo = client.jobs.call(path=f"{server.url}/elsewhere")
    assert echo["path"] == "/elsewhere"
