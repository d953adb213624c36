"""Write the LLM cassettes: our real request, paired with a hand-written reply in OpenAI's documented format.

No OpenAI API is reachable from where compel-bot is built, so nothing here was recorded from OpenAI. The request
side is captured from compel-bot's own client (langchain-openai) talking to the local fake server, so that vcrpy can
match it on method, URI and body; the response side is the hand-written `chat.completion` object of each case in
tests/fixtures/llm.py. Run it after changing a prompt or a draft schema:

    python tests/cassettes/make_cassettes.py [CASE ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

OUT = Path(__file__).resolve().parent / "llm"
URI = "https://api.openai.com/v1/chat/completions"


def _block(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # Long JSON bodies read best as literal blocks; vcrpy compares JSON bodies parsed, so the layout does not matter.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def main() -> None:
    from bot.config import Settings
    from bot.llm.openai_backend import OpenAIBackend
    from tests.fixtures.llm import CASES, FakeOpenAI, completion, run_case, Step

    yaml.SafeDumper.add_representer(str, _block)
    OUT.mkdir(parents=True, exist_ok=True)
    only = set(sys.argv[1:])  # case names to (re)write; all when none is given
    for name, (_task, _given, content) in CASES.items():
        if only and name not in only:
            continue
        server = FakeOpenAI().start()
        reply = completion(json.dumps(content), input_tokens=412, output_tokens=96)
        reply.update(id=f"chatcmpl-handwritten-{name.replace('_', '-')}", system_fingerprint="fp_handwritten")
        body = json.dumps(reply, indent=2) + "\n"
        server.steps.append(Step(200, body.encode()))
        try:
            run_case(name, OpenAIBackend(Settings(openai_base_url=server.base_url, openai_api_key="sk-not-a-real-key")))
        finally:
            server.stop()
        (request,) = server.requests
        cassette = {
            "interactions": [{
                "request": {
                    "body": json.dumps(request["body"], indent=2, ensure_ascii=False) + "\n",
                    "headers": {"content-type": ["application/json"], "accept": ["application/json"]},
                    "method": "POST",
                    "uri": URI,
                },
                "response": {
                    "body": {"string": body},
                    "headers": {"content-type": ["application/json"], "openai-processing-ms": ["412"]},
                    "status": {"code": 200, "message": "OK"},
                },
            }],
            "version": 1,
        }
        (OUT / f"{name}.yaml").write_text(yaml.safe_dump(cassette, sort_keys=False, width=120, allow_unicode=True), encoding="utf-8")
        print(f"wrote {OUT / name}.yaml")


if __name__ == "__main__":
    main()
