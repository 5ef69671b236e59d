"""Upload: drop export files, see the validation report at once (the same report as `keet validate`), send the
files that are not rejected to the inbox and start a run; the run's progress and result follow here.

Works without a snapshot (the very first upload). The dashboard never writes the warehouse: see upload.py.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import access, components, i18n, state, upload
from dashboard.formatting import format_datetime, format_number
from pipelines import auth
from pipelines.contract.report import render
from pipelines.formatting import local_now

access.guard("upload")  # every page checks the role itself (access.PAGE_ROLES)
lang = state.language()


def t(key: str, **values: object) -> str:
    return i18n.t(key, lang, **values)


ROUND = "_upload_round"  # bumping it gives a fresh, empty file uploader after sending
CHECKED = "_upload_checked"  # digest+name -> CheckedFile, so a rerun does not validate again
FOLDER = "_upload_folder"
LAUNCHED = "_upload_launched"  # {"pid", "requested_at"} of the run this session started
WATCHING = "_upload_watching"  # a run was busy on the previous look: rerun the app once it finishes
SENT = "_upload_sent"

st.title(t("upload.title"))
st.caption(t("upload.intro"))

# ------------------------------------------------------------------------------------------- files
st.session_state.setdefault(ROUND, 0)
files = st.file_uploader(
    t("upload.files"),
    type=list(upload.ALLOWED_TYPES),
    accept_multiple_files=True,
    key=f"upload_files_{st.session_state[ROUND]}",
    help=t("upload.files_help"),
)
if FOLDER not in st.session_state:
    st.session_state[FOLDER] = upload.new_upload_folder()
cache: dict[str, upload.CheckedFile] = st.session_state.setdefault(CHECKED, {})

checked: list[upload.CheckedFile] = []
for uploaded in files or []:
    data = uploaded.getvalue()
    key = f"{upload.safe_file_name(uploaded.name)}:{len(data)}:{uploaded.file_id}"
    if key not in cache:
        with st.spinner(t("upload.checking", name=uploaded.name)):
            try:
                cache[key] = upload.check_upload(uploaded.name, data, st.session_state[FOLDER])
            except Exception as error:  # noqa: BLE001 - a reader bug must not cost the page; keep the other files
                st.error(t("upload.check_failed", name=uploaded.name, error=error), icon=":material/error:")
                continue
    checked.append(cache[key])

if checked:
    st.subheader(t("upload.report"))
    rejected = [c for c in checked if not c.sendable]
    with_issues = [c for c in checked if c.status == 1]
    if rejected:
        st.error(t("upload.some_rejected", count=len(rejected)), icon=":material/block:")
    if with_issues:
        st.warning(t("upload.some_rows", count=len(with_issues)), icon=":material/rule:")
    if not rejected and not with_issues:
        st.success(t("upload.all_clean"), icon=":material/check_circle:")

    overview = upload.summary(checked)
    shown = overview.assign(
        record_type=[i18n.label("record_type", v, lang) if v else "" for v in overview["record_type"]],
        rows_read=[format_number(v, lang, 0) for v in overview["rows_read"]],
        rows_loaded=[format_number(v, lang, 0) for v in overview["rows_loaded"]],
        rows_quarantined=[format_number(v, lang, 0) for v in overview["rows_quarantined"]],
        status=[t(f"upload.status.{v}") for v in overview["status"]],
    ).rename(
        columns={
            "file": t("col.file_name"),
            "sheet": t("col.sheet"),
            "record_type": t("col.record_type"),
            "rows_read": t("col.rows_read"),
            "rows_loaded": t("upload.would_load"),
            "rows_quarantined": t("upload.would_quarantine"),
            "status": t("col.status"),
        }
    )
    st.dataframe(shown, hide_index=True)
    components.downloads(overview, "keet_validatie_bestanden", "upload_summary", lang)

    # the same text as `keet validate` prints, in the UI language
    st.code(render([c.report for c in checked], lang), language=None, wrap_lines=True)

    problems = upload.issues(checked, lang)
    if not problems.empty:
        st.dataframe(
            problems.assign(
                row_number=[format_number(v, lang, 0) for v in problems["row_number"]],
                record_type=[
                    i18n.label("record_type", v, lang) if v else "" for v in problems["record_type"]
                ],
            ).rename(
                columns={
                    "file": t("col.file_name"),
                    "sheet": t("col.sheet"),
                    "record_type": t("col.record_type"),
                    "row_number": t("col.row_number"),
                    "column": t("col.column_name"),
                    "reason": t("col.reason"),
                    "suggestion": t("col.suggestion"),
                }
            ),
            hide_index=True,
        )
        components.downloads(problems, "keet_validatie", "upload_issues", lang)

# ------------------------------------------------------------------------------------------- send + run
status = components.read_run_status()
busy = upload.is_busy(status)
sendable = [c for c in checked if c.sendable]
if checked:
    st.subheader(t("upload.send"))
    st.text_input(t("upload.source"), key="upload_source", help=t("upload.source_help"), max_chars=60)
    source = upload.normalise_source(st.session_state.get("upload_source", ""))
    if not st.session_state.get("upload_source"):
        st.caption(t("upload.source_first"))
    elif source is None:
        st.caption(t("upload.source_invalid"))
    elif source and source != st.session_state.get("upload_source"):
        st.caption(t("upload.source_folder", folder=source))
    if busy:
        st.info(t("upload.wait_for_run"), icon=":material/hourglass_top:")
    clicked = st.button(
        t("upload.send_button", count=len(sendable)),
        type="primary",
        disabled=not sendable or source is None or busy,
        key="upload_send",
        icon=":material/send:",
    )
    if not sendable:
        st.caption(t("upload.nothing_to_send"))
    if clicked and sendable and source is not None and not busy:
        sent = upload.send_to_inbox(sendable, source)
        auth.audit(
            "upload",
            actor=access.actor(),
            detail={
                "source": source,
                "files": [p.name for p in sent],
                "rows": int(upload.summary(sendable)["rows_read"].fillna(0).sum()),
            },
        )
        pid = upload.start_run()
        st.session_state[LAUNCHED] = {"pid": pid, "requested_at": local_now()}
        st.session_state[WATCHING] = True
        st.session_state[SENT] = [p.name for p in sent]
        st.session_state[ROUND] += 1  # an empty uploader, so the same files are not sent twice
        upload.remove_folder(st.session_state.pop(FOLDER, None))
        st.session_state[CHECKED] = {}
        st.rerun()

if st.session_state.get(SENT):
    st.success(t("upload.sent", files=", ".join(st.session_state[SENT])), icon=":material/inbox:")


# ------------------------------------------------------------------------------------------- run status
def _show_run_status() -> None:
    status = components.read_run_status()
    launched = st.session_state.get(LAUNCHED)
    now = local_now()
    started = upload.parse_time(status.get("started_at")) if status else None
    if launched:
        code = upload.exit_code(launched["pid"])
        stale_status = started is None or started < launched["requested_at"] - dt.timedelta(seconds=5)
        if stale_status and code is None:  # the status file is still the previous run's
            st.info(t("upload.run.starting"), icon=":material/hourglass_top:")
            return
        if code is not None and (stale_status or (status or {}).get("state") == "running"):
            # the process ended without reporting a result: say so, with the end of its log
            st.error(t("upload.run.crashed", code=code), icon=":material/error:")
            st.code(upload.log_tail(), language=None)
            st.session_state[WATCHING] = False
            return
    if not status:
        st.caption(t("upload.run.none"))
        return
    state_name = status.get("state")
    if upload.is_busy(status, now):
        elapsed = int((now - started).total_seconds()) if started else 0
        st.info(
            t(
                "upload.run.running",
                started=format_datetime(started, lang),
                minutes=elapsed // 60,
                seconds=elapsed % 60,
            ),
            icon=":material/autorenew:",
        )
        if launched:
            done = upload.progress()
            step = done.current_step or "…"
            text = t("upload.run.progress", steps=done.steps_done, step=step)
            if done.dbt_total:
                text += " " + t("upload.run.dbt", done=done.dbt_done, total=done.dbt_total)
                st.progress(min(1.0, (done.dbt_done or 0) / done.dbt_total), text=text)
            else:
                st.caption(text)
        st.session_state[WATCHING] = True
        return
    finished = format_datetime(status.get("finished_at"), lang)
    if state_name == "succeeded":
        st.success(t("upload.run.succeeded", finished=finished), icon=":material/check_circle:")
        st.page_link(
            "app_pages/data_quality.py", label=t("upload.run.see_quality"), icon=":material/fact_check:"
        )
    elif state_name == "failed":
        message = str(status.get("message") or "").strip()
        st.error(t("upload.run.failed", finished=finished, message=message), icon=":material/error:")
        if launched:
            with st.expander(t("upload.run.log")):
                st.code(upload.log_tail(40), language=None)
    else:  # 'running' but stale: a run that died without saying so
        st.warning(t("upload.run.stale", started=format_datetime(started, lang)), icon=":material/help:")
    if st.session_state.get(WATCHING):  # it just finished: redraw the whole app on the new snapshot
        st.session_state[WATCHING] = False
        st.session_state.pop(LAUNCHED, None)
        st.rerun(scope="app")


st.subheader(t("upload.run.title"))
run_every = 2 if (busy or st.session_state.get(LAUNCHED) or st.session_state.get(WATCHING)) else None
st.fragment(_show_run_status, run_every=run_every)()
