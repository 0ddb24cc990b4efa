"""Turning a briefing's plain text into blocks a template renders (and escapes)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    kind: str  # "heading", "paragraph" or "list"
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks_of(body: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append(Block("list", items=[line[2:].strip() for line in lines]))
        elif lines[0].startswith("## "):
            blocks.append(Block("heading", text=lines[0][3:].strip()))
            if lines[1:]:
                blocks.extend(blocks_of("\n".join(lines[1:])))
        else:
            blocks.append(Block("paragraph", text=" ".join(lines)))
    return blocks
