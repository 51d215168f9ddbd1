"""A small chat server on python-websockets, for the scenario tests.

Usage: python3 python_chat_server.py
Prints the port it listens on (127.0.0.1) as its first line, then serves
until killed. Its protocol, JSON text messages:
  {"type": "join", "name": N}          -> {"type": "joined", "name": N, "members": [...]}
                                          and {"type": "presence", "name": N} to the others
  {"type": "message", "text": T}       -> {"type": "message", "from": N, "text": T, "id": K} to everyone
  {"type": "version"}                  -> {"type": "version", "server": "chat/1"}
  anything but JSON                    -> {"type": "error", "code": "bad-json"}
  an unknown type                      -> {"type": "error", "code": "unknown-type", "got": TYPE}
  a message before joining             -> close 4001 "join first"
  a second join                        -> close 4002 "already joined"
"""
import asyncio
import itertools
import json

import websockets

members = {}
ids = itertools.count(1)


async def handler(ws, path):
    name = None
    try:
        async for raw in ws:
            try:
                msg = json.loads(raw)
            except ValueError:
                await ws.send(json.dumps({"type": "error", "code": "bad-json"}))
                continue
            kind = msg.get("type") if isinstance(msg, dict) else None
            if kind == "join":
                if name is not None:
                    await ws.close(4002, "already joined")
                    return
                name = str(msg.get("name"))
                members[ws] = name
                await ws.send(json.dumps({"type": "joined", "name": name, "members": sorted(members.values())}))
                for other in list(members):
                    if other is not ws:
                        await other.send(json.dumps({"type": "presence", "name": name}))
            elif kind == "message":
                if name is None:
                    await ws.close(4001, "join first")
                    return
                out = json.dumps({"type": "message", "from": name, "text": msg.get("text"), "id": next(ids)})
                for other in list(members):
                    await other.send(out)
            elif kind == "version":
                await ws.send(json.dumps({"type": "version", "server": "chat/1"}))
            else:
                await ws.send(json.dumps({"type": "error", "code": "unknown-type", "got": kind}))
    finally:
        members.pop(ws, None)


async def main():
    async with websockets.serve(handler, "127.0.0.1", 0) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


asyncio.run(main())
