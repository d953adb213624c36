"""`compel records import` of the platform kinds from CSV: each kind told from its columns, every bad row named, nothing lost."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from store.csv_platform import dependency
from tests.fixtures.oversight import load_demo

FILES = {
    "environments.csv": "id,name,isolated,promotes_to,promotion_defined\nenv-sand,sandbox,false,env-dev,false\n",
    "runs.csv": "id,pipeline,sprint,runs,failures,alerting,use_case\npl-101,Parcel scan load,7,30,6,no,uc-eta\n",
    "costs.csv": "id,month,budget,actual,workstream\ncost-2026-11,2026-11-01,40000,39000,ws-data\n",
    "procurement.csv": "id,item,status,platform,started_sprint,interim,blocking\nproc-gpu,GPU nodes for training,pending,yes,6,Shared cloud notebooks,uc-eta;uc-demand\n",
    "tickets.csv": "id,vendor,subject,opened,status,escalated\nvt-101,Map data vendor,Depot geocodes off by a block,2026-11-02,open,false\n",
    "milestones.csv": ("id,name,planned,status,depends_on\n"
                       "pm-101,Feature store in production,2026-12-10,pending,\"IT network: open the registry port, 10 days, requested 2026-11-20; Identity team: service accounts, 5 days, done\"\n"),
    "controls.csv": "id,area,checked,satisfied,note\npc-audit2,audit,true,false,Access logs kept for 30 days only\n",
}


@pytest.fixture
def demo() -> str:
    return load_demo()


def _import(tmp_path, capsys, name: str, body: str, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    code = main(["records", "import", str(path), "--no-index", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def _exported(capsys) -> dict:
    assert main(["records", "export", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("name", "kind", "key"), [
    ("environments.csv", "environments", "env-sand"), ("runs.csv", "pipeline_runs", "pl-101"), ("costs.csv", "costs", "cost-2026-11"),
    ("procurement.csv", "procurement", "proc-gpu"), ("tickets.csv", "vendor_tickets", "vt-101"),
    ("milestones.csv", "platform_milestones", "pm-101"), ("controls.csv", "platform_controls", "pc-audit2"),
])
def test_each_platform_kind_is_told_from_its_columns_and_imported(tmp_path, capsys, demo, name, kind, key):
    code, out, err = _import(tmp_path, capsys, name, FILES[name], "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["created"] == 1 and report["kinds"][kind]["created"] == 1
    assert key in {r["id"] for r in _exported(capsys)[kind]}


def test_nested_and_list_cells_are_read(tmp_path, capsys, demo):
    _import(tmp_path, capsys, "milestones.csv", FILES["milestones.csv"])
    _import(tmp_path, capsys, "procurement.csv", FILES["procurement.csv"])
    data = _exported(capsys)
    pm = next(m for m in data["platform_milestones"] if m["id"] == "pm-101")
    assert [(d["team"], d["lead_time_days"], d.get("done", False)) for d in pm["depends_on"]] == [("IT network", 10, False), ("Identity team", 5, True)]
    assert next(p for p in data["procurement"] if p["id"] == "proc-gpu")["blocking"] == ["uc-eta", "uc-demand"]


def test_dependency_cells_read_from_the_right_and_refuse_what_they_cannot_read():
    assert dependency("Security office: review the model registry, with logs, 15 days") == {
        "team": "Security office", "what": "review the model registry, with logs", "lead_time_days": 15}
    with pytest.raises(ValueError, match="TEAM: WHAT, N days"):
        dependency("Security office review soon")
    with pytest.raises(ValueError, match="TEAM: WHAT, N days"):
        dependency("Security office: review, two weeks")


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path, capsys, demo):
    body = ("id,pipeline,sprint,runs,failures,alerting\n"
            "pl-201,Invoice load,7,10,2,yes\n"
            "pl-202,Invoice load,seven,10,2,yes\n"
            "pl-203,Invoice load,7,10,12,yes\n"
            "pl-201,Invoice load,8,10,0,yes\n")
    code, out, err = _import(tmp_path, capsys, "bad_runs.csv", body)
    assert code == 2 and not out
    assert "3 problems; nothing was written" in err
    assert "line 3 (id 'pl-202') field sprint" in err and "line 4 (id 'pl-203')" in err and "failures cannot exceed runs" in err
    assert "line 5 (id 'pl-201') field id: duplicate id 'pl-201' (also on line 2)" in err
    assert "pl-201" not in {r["id"] for r in _exported(capsys)["pipeline_runs"]}  # the good row waits for the file to be fixed


def test_a_reference_to_an_unknown_use_case_or_a_bad_dependency_is_refused(tmp_path, capsys, demo):
    code, _, err = _import(tmp_path, capsys, "runs.csv", "id,pipeline,sprint,runs,use_case\npl-301,Scan load,7,5,uc-nowhere\n")
    assert code == 2 and "uc-nowhere" in err
    code, _, err = _import(tmp_path, capsys, "ms.csv", "id,name,planned,depends_on\npm-301,Registry live,2026-12-01,Network team soon\n")
    assert code == 2 and "line 2 (id 'pm-301') field depends_on" in err and "TEAM: WHAT, N days" in err


def test_unknown_or_missing_columns_say_which(tmp_path, capsys, demo):
    code, _, err = _import(tmp_path, capsys, "costs.csv", "id,month,budget\ncost-x,2026-11-01,100\n")
    assert code == 2 and "missing the column actual for monthly infrastructure costs" in err
    code, _, err = _import(tmp_path, capsys, "envs.csv", "id,name,isolated,colour\nenv-x,lab,true,blue\n", "--kind", "environments")
    assert code == 2 and "unknown column colour" in err
