#!/usr/bin/env python3
"""Writes the committed seed corpora under tests/fuzz/corpus/<target>/ (run from anywhere; idempotent).

Hand-written valid messages from sync/PROTOCOL.md and kiosk/core/CATALOG.md, then hostile variants of
each: malformed UTF-8, huge strings, deep JSON nesting (10000 levels), numbers out of range, SQL
metacharacters in every text field. libFuzzer adds what it finds to its own working corpus
(build-fuzz/corpus/<target>), not to these directories; copy a finding here (as a small file) to keep
it as a regression input.
"""
import copy
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "corpus")

SQL = ["'; DROP TABLE attendance; --", "' OR '1'='1", "\"); DELETE FROM outbox; --", "%_*?[]", "1; ATTACH 'x' AS y"]
BAD_UTF8 = [b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xff\xfe", b"\xe4\xb8", b"ok\x00nul"]
NUMBERS = ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e309", "-1e309",
           "1e-400", "18446744073709551616", "-0", "0.5", "4294967296", "NaN", "1.0e+2"]
HUGE = "长" * 2000  # 6000 bytes of UTF-8: over every per-field limit (4096 catalogue text, 1000 reason)
HUGER = "长" * 30000  # 90 000 bytes: over the fuzzed hub's 64 KiB body limit (one seed per target)


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def deep(levels, open_="[", close="]", inner=""):
    return open_ * levels + inner + close * levels


def deep_object(levels):
    return '{"a":' * levels + "1" + "}" * levels


def string_paths(obj, path=()):
    """Every path to a string value in a JSON document."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from string_paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from string_paths(v, path + (i,))
    elif isinstance(obj, str):
        yield path


def number_paths(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from number_paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from number_paths(v, path + (i,))
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        yield path


def set_path(obj, path, value):
    o = copy.deepcopy(obj)
    cur = o
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = value
    return o


def variants(target, base_name, doc, prefix=b"", limit_paths=40, nesting=True):
    """Writes `doc` and hostile variants of it, each prefixed with `prefix` (selector bytes)."""
    def emit(name, text):
        raw = text if isinstance(text, bytes) else text.encode("utf-8")
        write(target, f"{base_name}-{name}", prefix + raw)

    emit("valid", json.dumps(doc, ensure_ascii=False))
    for i, p in enumerate(list(string_paths(doc))[:limit_paths]):
        emit(f"sql-{i}", json.dumps(set_path(doc, p, SQL[i % len(SQL)]), ensure_ascii=False))
        # malformed UTF-8 cannot go through json.dumps: splice raw bytes into the serialized text
        marker = "@@BADUTF8@@"
        text = json.dumps(set_path(doc, p, marker), ensure_ascii=False).encode("utf-8")
        emit(f"badutf8-{i}", text.replace(marker.encode(), BAD_UTF8[i % len(BAD_UTF8)]))
        if i < 2:
            emit(f"huge-{i}", json.dumps(set_path(doc, p, HUGE), ensure_ascii=False))
            emit(f"escape-{i}", json.dumps(set_path(doc, p, "\\u0000\ud800\"\\"), ensure_ascii=True)
                 .replace("\\\\u0000", "\\u0000"))
    for i, p in enumerate(list(number_paths(doc))[:limit_paths]):
        marker = "424242424242"
        text = json.dumps(set_path(doc, p, int(marker)), ensure_ascii=False)
        emit(f"number-{i}", text.replace(marker, NUMBERS[i % len(NUMBERS)]))
    if nesting:
        emit("deep-array", deep(10000))
        emit("deep-object", deep_object(10000))
    emit("truncated", json.dumps(doc, ensure_ascii=False)[: max(1, len(json.dumps(doc)) // 2)])
    emit("empty", "")
    emit("not-json", "<html><body>Welcome to CommunityWiFi. Please log in.</body></html>")


def catalog_seeds():
    with open(os.path.join(ROOT, "assets/demo/catalog.json"), encoding="utf-8") as f:
        demo = json.load(f)
    write("catalog_json", "demo.json", json.dumps(demo, ensure_ascii=False))
    demo["courses"][0]["summary"]["zh"] = HUGER
    write("catalog_json", "demo-huge-summary.json", json.dumps(demo, ensure_ascii=False))
    small = {
        "format": 1, "version": "v1",
        "centre": {"id": "c1", "name": {"zh": "中心", "en": "Centre"}, "time_zone": "Asia/Shanghai"},
        "categories": [{"id": "cat", "name": {"zh": "书法", "en": "Calligraphy"}, "sort_order": 1}],
        "courses": [{"id": "co", "category": "cat", "title": {"zh": "楷书", "en": "Kaishu"},
                     "summary": {"zh": "", "en": ""}, "teacher": {"zh": "王", "en": "Wang"}, "credit_hours": 2}],
        "sessions": [
            {"id": "s1", "course": "co", "start": "2026-12-01T09:00:00+08:00", "end": "2026-12-01T11:00:00+08:00",
             "room": {"zh": "教室", "en": "Room"}, "capacity": 30},
            {"id": "s2", "course": "co", "relative": {"day": 1, "at": "09:00", "minutes": 120}, "capacity": 0},
        ],
    }
    variants("catalog_json", "small", small)


def config_seeds():
    with open(os.path.join(ROOT, "config/kiosk.example.toml"), encoding="utf-8") as f:
        write("kiosk_config", "example.toml", f.read())
    seeds = {
        "empty.toml": "",
        "minimal.toml": '[kiosk]\ntime_zone = "Asia/Shanghai"\nlanguage = "en"\n',
        "sync.toml": '[sync]\nhub_url = "https://hub.example.org:8443"\nca_file = "/etc/ca.pem"\n'
                     'pinned_public_key = "sha256//AAAA"\nretention_days = 30\n',
        "display.toml": "[display]\nrotation_degrees = 90\ntouch_calibration = [1.0, 0, 0, 0, 1, 0]\n",
        "staff.toml": '[staff]\nstaff_card_ids = ["A1", "B2"]\npin_max_attempts = 5\npin_lockout_minutes = 5\n',
        "unknown-key.toml": "[kiosk]\nnope = 1\n",
        "wrong-type.toml": '[checkin]\nopen_before_minutes = "thirty"\n',
        "range.toml": "[checkin]\nopen_before_minutes = 9223372036854775807\n",
        "range-neg.toml": "[display]\nrotation_degrees = -90\n",
        "float-int.toml": "[sync]\nretention_days = 1e400\n",
        "regex.toml": '[checkin]\nlearner_id_pattern = "((((((((((a*)*)*)*)*)*)*)*)*)*)"\n',
        "bad-regex.toml": '[checkin]\nlearner_id_pattern = "[unclosed"\n',
        "sql.toml": '[sync]\nhub_url = "\'; DROP TABLE attendance; --"\n[kiosk]\ntime_zone = "\' OR \'1\'=\'1"\n',
        "deep.toml": "a = " + "[" * 10000 + "]" * 10000 + "\n",
        "deep-inline.toml": "a = " + "{b = " * 2000 + "1" + "}" * 2000 + "\n",
        "huge.toml": '[sync]\nhub_url = "' + "h" * 100000 + '"\n',
        "dup.toml": "[kiosk]\nlarge_text = true\nlarge_text = false\n",
        "tz.toml": '[kiosk]\ntime_zone = "../../../../etc/passwd"\n',
        "calib.toml": "[display]\ntouch_calibration = [1, 2, 3]\n",
        "nan.toml": "[display]\ntouch_calibration = [nan, inf, -inf, 0, 1, 0]\n",
    }
    for name, text in seeds.items():
        write("kiosk_config", name, text)
    write("kiosk_config", "badutf8.toml", b'[kiosk]\ntime_zone = "\xc0\xaf\xed\xa0\x80"\n')
    write("kiosk_config", "nul.toml", b'[kiosk]\ntime_zone = "Asia\x00Shanghai"\n')


RECORD = {"id": "019a2b3c-4d5e-7f60-8a1b-2c3d4e5f6a7b", "seq": 41, "kind": "checkin",
          "learner_id": "110101195001011234", "session_id": "s-1",
          "recorded_at": "2026-12-01T01:02:03.456Z", "source": "keypad"}
VOID = {"id": "019a2b3d-0000-7000-8000-000000000002", "seq": 42, "kind": "void",
        "learner_id": "110101195001011234", "session_id": "s-1",
        "recorded_at": "2026-12-01T01:05:00.000Z", "refers_to": "019a2b3c-4d5e-7f60-8a1b-2c3d4e5f6a7b",
        "reason": "pressed the wrong course", "source": "staff"}
BATCH = {"batch_id": "019a2b3c-9999-7000-8000-000000000001", "records": [RECORD, VOID]}


def batch_seeds():
    variants("batch_request", "batch", BATCH)
    many = {"batch_id": BATCH["batch_id"], "records": [dict(RECORD, id=f"019a2b3c-4d5e-7f60-8a1b-{i:012x}")
                                                       for i in range(501)]}
    write("batch_request", "501-records", json.dumps(many))
    write("batch_request", "not-objects", json.dumps({"batch_id": BATCH["batch_id"], "records": [1, "x", None, []]}))
    write("batch_request", "centre", json.dumps(dict(BATCH, centre_id="other-centre")))


def protocol_seeds():
    messages = [
        (0, "batch-response", {"batch_id": "019a2b3c-9999-7000-8000-000000000001", "resent": False,
                               "server_time": "2026-12-01T01:06:00.120Z",
                               "results": [{"id": RECORD["id"], "status": "accepted", "flags": ["over_capacity"]},
                                           {"id": VOID["id"], "status": "rejected", "reason": "invalid_kind",
                                            "message": "kind"}]}),
        (1, "catalog-page", {"full": False,
                             "centre": {"id": "c1", "name": {"zh": "中心", "en": "C"}, "time_zone": "Asia/Shanghai"},
                             "catalog_version": "v2",
                             "items": [{"type": "category", "id": "cat", "name": {"zh": "书法", "en": "C"},
                                        "sort_order": 1},
                                       {"type": "course", "id": "co", "category": "cat",
                                        "title": {"zh": "楷书", "en": "K"}, "credit_hours": 2},
                                       {"type": "session", "id": "s1", "course": "co",
                                        "start": "2026-12-01T01:00:00.000Z", "end": "2026-12-01T03:00:00.000Z",
                                        "capacity": 30},
                                       {"type": "session", "id": "s2", "deleted": True}],
                             "next_cursor": "1.b1b12142b545.170", "has_more": False}),
        (2, "enroll-request", {"code": "K7QM-3XPA-9RTV", "device_name": "front desk", "app_version": "0.1.0"}),
        (3, "enroll-response", {"device_id": RECORD["id"], "token": "lkt1_T8_vG4U3qZF5CdD4aoFNH0bqp0jjaDKZBBVZcf_RY5I",
                                "centre": {"id": "c1", "name": {"zh": "中心", "en": "C"},
                                           "time_zone": "Asia/Shanghai"}}),
        (4, "heartbeat-request", {"queue_depth": 12, "oldest_pending_age_s": 340, "app_version": "0.1.0",
                                  "kiosk_time": "2026-12-01T01:06:02.000Z"}),
        (5, "heartbeat-response", {"server_time": "2026-12-01T01:06:00.120Z", "clock_skew_ms": 1880,
                                   "protocol_version": 1, "min_protocol_version": 1}),
        (6, "learner-summary", {"learner_id": "110101195001011234", "year": 2026, "checkins": 14, "credit_hours": 27.5,
                                "centres": [{"centre_id": "c1", "centre_name": {"zh": "甲", "en": "A"},
                                             "checkins": 12, "credit_hours": 24.0}],
                                "as_of": "2026-12-01T01:06:00.120Z"}),
        (7, "error-body", {"error": {"code": "malformed", "message": "records: at most 500 per batch, got 501"}}),
        (10, "record", RECORD),
        (10, "item", {"type": "session", "id": "s2", "deleted": True}),
        (10, "centre", {"id": "c1", "name": {"zh": "中心", "en": "C"}, "time_zone": "Asia/Shanghai"}),
    ]
    for selector, name, doc in messages:
        variants("protocol_messages", name, doc, prefix=bytes([selector]), limit_paths=8,
                 nesting=name in ("batch-response", "catalog-page", "record"))
    for i, v in enumerate(["1", "9999", "10000", "0", "-1", " 1", "1 ", "01", "1.0", "", "99999999999999999999"]):
        write("protocol_messages", f"version-{i}", bytes([8]) + v.encode())
    for i, v in enumerate(["s-1", "a" * 64, "a" * 65, "", "a b", 'a"b', "a\\b", "中心", "\x7f", "ok\x00"]):
        write("protocol_messages", f"id-{i}", bytes([9]) + v.encode("utf-8"))


def hub_seeds():
    # byte 0: endpoint (0 enrol, 1 catalogue, 2 batch, 3 heartbeat, 4 summary, 5 health);
    # byte 1: credentials (0 centre A, 1 centre B, 2 revoked, 3 unknown, 4 none, 5 malformed) + 6 * transport
    #         (0 plain, 1 gzip, 2 claims gzip).
    batch_a = {"batch_id": "019a2b3c-9999-7000-8000-0000000000a1",
               "records": [dict(RECORD, session_id="s-1"), dict(VOID, session_id="s-1"),
                           dict(RECORD, id="019a2b3c-4d5e-7f60-8a1b-0000000000b2", session_id="centre-b-s-2")]}
    variants("hub_http", "batch", batch_a, prefix=bytes([2, 0]), limit_paths=20)
    for cred in range(1, 6):
        write("hub_http", f"batch-cred{cred}", bytes([2, cred]) + json.dumps(batch_a).encode())
    variants("hub_http", "batch-gzip", batch_a, prefix=bytes([2, 6]), limit_paths=3, nesting=False)
    write("hub_http", "batch-fake-gzip", bytes([2, 12]) + json.dumps(batch_a).encode())
    write("hub_http", "batch-over-limit", bytes([2, 0]) + json.dumps(set_path(batch_a, ("records", 0, "reason"), HUGER)).encode())
    write("hub_http", "batch-gzip-bomb", bytes([2, 6]) + json.dumps(set_path(batch_a, ("records", 0, "reason"), "x" * 100000)).encode())
    variants("hub_http", "heartbeat", {"queue_depth": 12, "oldest_pending_age_s": 340, "app_version": "0.1.0",
                                       "kiosk_time": "2026-12-01T01:06:02.000Z"}, prefix=bytes([3, 0]), nesting=False)
    variants("hub_http", "enroll", {"code": "K7QM-3XPA-9RTV", "device_name": "front desk",
                                    "app_version": "0.1.0"}, prefix=bytes([0, 4]), nesting=False)
    for i, since in enumerate(["", "1.b1b12142b545.170", "garbage", "9" * 40, "1.x.-5", "' OR '1'='1", "%00"]):
        write("hub_http", f"catalog-{i}", bytes([1, 0]) + since.encode())
        write("hub_http", f"catalog-b-{i}", bytes([1, 1]) + since.encode())
    for i, learner in enumerate(["110101195001011234", "L0001", "' OR '1'='1", "a" * 65, "中文", "..", "%2e%2e"]):
        write("hub_http", f"summary-{i}", bytes([4, 0]) + learner.encode("utf-8"))
        write("hub_http", f"summary-noauth-{i}", bytes([4, 4]) + learner.encode("utf-8"))
    write("hub_http", "health", bytes([5, 4]))


def main():
    catalog_seeds()
    config_seeds()
    batch_seeds()
    protocol_seeds()
    hub_seeds()
    total = 0
    for target in sorted(os.listdir(OUT)):
        files = os.listdir(os.path.join(OUT, target))
        size = sum(os.path.getsize(os.path.join(OUT, target, f)) for f in files)
        total += size
        print(f"{target}: {len(files)} seeds, {size // 1024} KiB")
    print(f"total {total // 1024} KiB")


if __name__ == "__main__":
    sys.exit(main())
