"""fal's storage REST API: initiate an upload, then PUT the bytes to the upload URL."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.responses import JSONResponse, Response

from .server import FakeServer, Recorded, Upstream


@dataclass
class FalStorage(Upstream):
    """`with FalStorage() as fake:`; set `refuse` to a status to fail that step."""

    refuse_initiate: int | None = None
    refuse_upload: int | None = None
    uploaded: dict[str, bytes] = field(default_factory=dict)
    server: FakeServer | None = None

    async def handle(self, request: Recorded) -> Response:
        assert self.server is not None
        if request.method == "POST" and request.path == "/storage/upload/initiate":
            if self.refuse_initiate:
                return JSONResponse({"detail": "Unauthorized"}, self.refuse_initiate)
            name = request.json["file_name"]
            return JSONResponse(
                {
                    "upload_url": f"{self.server.url}/upload/{name}?signature=abc",
                    "file_url": f"https://v3.fal.media/files/{name}",
                }
            )
        if request.method == "PUT" and request.path.startswith("/upload/"):
            if self.refuse_upload:
                return Response(b"<Error>denied</Error>", self.refuse_upload)
            self.uploaded[request.path.removeprefix("/upload/")] = request.body
            return Response(b"", 200)
        return JSONResponse({"detail": "Not Found"}, 404)
