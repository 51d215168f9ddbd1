"""A python-websockets server for interoperability tests.

Usage: python3 python_ws_server.py deflate|none
Prints the port it listens on (127.0.0.1) as its first line, then serves
until killed. Paths:
  /echo              echoes every message as it came (text stays text)
  /info              sends one JSON text message describing the handshake, then echoes
  /fragments         sends one text message in three fragments, then echoes
  /close/CODE/REASON closes at once with that code and reason
  /ping              pings with b"py-ping", waits for the pong, sends "pong received", then echoes
"""
import asyncio
import json
import sys
from urllib.parse import unquote

import websockets


async def echo(ws):
    async for message in ws:
        await ws.send(message)


async def handler(ws, path):
    if path == "/echo":
        await echo(ws)
    elif path == "/info":
        await ws.send(json.dumps({
            "request": [[k, v] for k, v in ws.request_headers.raw_items()],
            "extensions": ws.response_headers.get("Sec-WebSocket-Extensions", ""),
            "websockets": websockets.__version__,
        }))
        await echo(ws)
    elif path == "/fragments":
        await ws.send(["fragment one, ", "fragment two, ", "fragment three"])
        await echo(ws)
    elif path.startswith("/close/"):
        _, _, code, reason = path.split("/", 3)
        await ws.close(int(code), unquote(reason))
    elif path == "/ping":
        waiter = await ws.ping(b"py-ping")
        await asyncio.wait_for(waiter, 20)
        await ws.send("pong received")
        await echo(ws)
    else:
        await ws.close(1008, "unknown path " + path)


async def main():
    compression = "deflate" if sys.argv[1] == "deflate" else None
    async with websockets.serve(handler, "127.0.0.1", 0, compression=compression, max_size=2**24) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


asyncio.run(main())
