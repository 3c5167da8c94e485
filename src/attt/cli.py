"""`attt`: the product's command line.

  attt demo [--port 8000] [--no-serve]   migrate, build the demo province once, start worker and web server
  attt serve [--port 8000] [--no-worker] migrate and start the web server and worker on existing data;
                                   under ATTT_PRODUCTION=1: checks, migrate, collectstatic, then gunicorn
                                   (ATTT_WEB_WORKERS processes) and the Huey consumers
  attt worker [--workers N] [--no-periodic]
                                   run Huey consumers alone (ATTT_WORKER_CONSUMERS threads by default);
                                   exactly one consumer process schedules the periodic jobs
  attt directive extract FILE [--json]
  attt seed [--provinces 34 --units 100 --users 1000 --systems 0] [--top-up]
  attt audit verify|checkpoint|rekey   check the keyed chain / anchor it outside the DB / re-key an old one
  attt backup DIR                  a dated archive of database, uploaded files and audit anchors
  attt restore ARCHIVE             into an empty database and data directory, then audit verify
  attt orgs bootstrap PROVINCE     create a province and its communes (vietnam-provinces)
  attt documents samples DIR       every document kind and report export with demo data (DOCX, PDF, XLSX)
  attt documents build-templates   regenerate the base DOCX templates (NĐ 30/2020 layout)
  attt scans import FILE --org CODE [--system ID] [--json]
                                   import a vulnerability scan (Nessus, OpenVAS, Nmap, Nuclei, CSV)
  attt manage COMMAND ...          any Django management command
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attt.settings")
    import django

    django.setup()


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _print_accounts(accounts) -> None:
    if not accounts:
        print("(Không tìm thấy danh sách tài khoản demo; xóa thư mục dữ liệu để tạo lại.)")
        return
    print("\nTài khoản demo / demo accounts (mật khẩu tạo ngẫu nhiên lần chạy đầu):")
    width = max(len(a[0]) for a in accounts)
    for username, password, role, org in accounts:
        print(f"  {username.ljust(width)}  {password}  {role} · {org}")
    print("Chuyên trách và quản trị phải đăng ký xác thực hai lớp (TOTP) ở lần đăng nhập đầu.\n")


def _serve(host: str, port: int, with_worker: bool = True) -> int:
    from django.conf import settings
    from django.core.management import call_command

    worker = None
    if with_worker and not settings.HUEY.get("immediate"):
        worker = subprocess.Popen([sys.executable, "-m", "attt.cli", "worker"], env=os.environ.copy())
    try:
        print(f"ATTT đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)")
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(10)
    return 0


def _refuse(reason: str) -> int:
    print(f"attt: {reason}", file=sys.stderr)
    return 2


def _setup_checked() -> str | None:
    """Django set up and its services answering, or the one-line reason why not."""
    from attt import production

    problem = production.environment_problem()
    if problem:
        return problem
    try:
        _django()
    except Exception as exc:  # a broken setting is a refusal for the operator, not a traceback
        return f"Cấu hình không hợp lệ / invalid configuration: {production._one_line(exc)}"
    return production.services_problem()


def cmd_demo(args) -> int:
    problem = _setup_checked()
    if problem:
        return _refuse(problem)
    from django.conf import settings

    from attt import demo

    print(f"Dữ liệu: {settings.DATA_DIR}")
    _migrate()
    accounts = demo.build()
    _print_accounts(accounts)
    if args.no_serve:
        return 0
    return _serve(args.host, args.port)


def cmd_serve(args) -> int:
    problem = _setup_checked()
    if problem:
        return _refuse(problem)
    from attt import production

    if production.is_production():
        return _serve_production(args.host, args.port, with_worker=not args.no_worker)
    _migrate()
    return _serve(args.host, args.port, with_worker=not args.no_worker)


def _serve_production(host: str, port: int, *, with_worker: bool) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from attt.production import migrate_once

    migrate_once()
    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()  # the children open their own
    web = [sys.executable, "-m", "gunicorn", "attt.wsgi:application", "--bind", f"{host}:{port}",
           "--workers", str(settings.WEB_WORKERS), "--timeout", str(settings.WEB_TIMEOUT),
           "--graceful-timeout", "30", "--log-level", "warning"]
    if os.environ.get("ATTT_ACCESS_LOG", "").lower() in {"1", "true", "yes", "on"}:
        web += ["--access-logfile", "-"]
    children = [("web", subprocess.Popen(web))]
    if with_worker:
        children.append(("worker", subprocess.Popen(
            [sys.executable, "-m", "attt.cli", "worker", "--workers", str(settings.WORKER_CONSUMERS)])))
    print(f"ATTT (production) tại http://{host}:{port}/ : {settings.WEB_WORKERS} tiến trình web"
          + (f", {settings.WORKER_CONSUMERS} luồng Huey" if with_worker else ""), flush=True)
    return _supervise(children)


def _supervise(children: list[tuple[str, subprocess.Popen]]) -> int:
    """Wait for the children; on SIGTERM/SIGINT stop them all; when one dies, stop the others and
    exit non-zero so that systemd restarts the unit."""
    stopping = []

    def stop(signum, _frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    while not stopping:
        dead = [(name, p) for name, p in children if p.poll() is not None]
        if dead:
            name, p = dead[0]
            print(f"attt: tiến trình {name} đã dừng (mã {p.returncode}) / the {name} process exited",
                  file=sys.stderr)
            code = p.returncode or 1
            break
        time.sleep(0.5)
    for name, p in children:
        if p.poll() is None:  # Huey finishes its running jobs on SIGINT; gunicorn is graceful on SIGTERM
            p.send_signal(signal.SIGINT if name == "worker" else signal.SIGTERM)
    deadline = time.monotonic() + 40
    for _name, p in children:
        try:
            p.wait(max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
    return code


def cmd_worker(args) -> int:
    problem = _setup_checked()
    if problem:
        return _refuse(problem)
    from django.conf import settings
    from django.core.management import call_command

    options = {"workers": args.workers or settings.WORKER_CONSUMERS}
    if args.no_periodic or not settings.WORKER_PERIODIC:
        options["periodic"] = False  # another consumer schedules the daily jobs
    call_command("run_huey", **options)
    return 0


def cmd_directive(args) -> int:
    from attt.directives.extract.cli import main as extract_main

    return extract_main(args.rest)


def cmd_seed(args) -> int:
    _django()
    _migrate()
    from attt import seed

    seed.run(provinces=args.provinces, units=args.units, users=args.users, systems=args.systems,
             out=print, top_up=args.top_up)
    return 0


def cmd_audit(args) -> int:
    _django()
    from attt.core import audit
    from attt.core.errors import DomainError

    try:
        if args.action == "checkpoint":
            cp = audit.checkpoint()
            print(f"Mốc kiểm tra #{cp['seq']}: {audit.checkpoint_dir() / cp['file']} / Checkpoint written.")
            return 0
        if args.action == "rekey":
            print(f"Đã ký lại {audit.rekey()} sự kiện. / Re-keyed the audit chain.")
            return 0
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    result = audit.verify()
    print(audit.verify_line(result), file=sys.stdout if result.ok else sys.stderr)
    if result.warning:
        print(f"Lưu ý: {result.warning_vi}. / Note: {result.warning}.")
    return 0 if result.ok else 1


def cmd_backup(args) -> int:
    _django()
    from attt.core import backup

    try:
        result = backup.create(args.dir) if args.command == "backup" else backup.restore(args.dir)
    except backup.BackupError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(("Đã sao lưu / backed up: " if args.command == "backup" else "Đã khôi phục / restored: ")
          + backup.describe(result))
    if result.audit_ok is False:
        print(f"Chuỗi nhật ký bị phá vỡ / audit chain broken: {result.audit_reason}", file=sys.stderr)
        return 1
    if result.audit_ok:
        print(f"Chuỗi nhật ký toàn vẹn: {result.audit_checked} sự kiện. / Audit chain intact.")
    return 0


def cmd_orgs(args) -> int:
    _django()
    _migrate()
    from attt.core.errors import DomainError
    from attt.orgs.bootstrap import bootstrap_province

    try:
        root, created = bootstrap_province(args.province)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    print(f"{root.name}: {created} xã, phường mới.")
    return 0


def cmd_documents(args) -> int:
    _django()
    from attt.core.errors import DomainError

    if args.action == "build-templates":
        from attt.core.documents import layout

        for path in layout.build_all():
            print(f"  {path}")
        return 0
    if not args.dir:
        print("usage: attt documents samples DIR", file=sys.stderr)
        return 2
    _migrate()
    from attt import samples

    try:
        samples.write(args.dir, pdf=not args.no_pdf)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    return 0


def cmd_scans(args) -> int:
    _django()
    _migrate()
    from attt.vulns.cli import scans_import

    return scans_import(args.file, org=args.org, system=args.system, as_json=args.json)


def cmd_manage(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "attt.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["attt manage", *args.rest])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="attt", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, fn in (("demo", cmd_demo), ("serve", cmd_serve)):
        p = sub.add_parser(name)
        p.add_argument("--host", default=os.environ.get("ATTT_HOST", "127.0.0.1"))
        p.add_argument("--port", type=int, default=int(os.environ.get("ATTT_PORT", "8000")))
        p.set_defaults(fn=fn)
        if name == "demo":
            p.add_argument("--no-serve", action="store_true", help="build the demo data and exit")
        else:
            p.add_argument("--no-worker", action="store_true", help="web processes only (workers run elsewhere)")
    p = sub.add_parser("worker")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--no-periodic", action="store_true",
                   help="do not schedule the periodic jobs (exactly one consumer process should)")
    p.set_defaults(fn=cmd_worker)
    p = sub.add_parser("directive")
    p.add_argument("action", choices=["extract"])
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(fn=cmd_directive)
    p = sub.add_parser("seed")
    p.add_argument("--provinces", type=int, default=34)
    p.add_argument("--units", type=int, default=100)
    p.add_argument("--users", type=int, default=1000)
    p.add_argument("--systems", type=int, default=0)
    p.add_argument("--top-up", action="store_true",
                   help="grow existing seed data: add the missing provinces (with units and users), systems, and "
                        "the coverage figures and unit reports of the current quarter")
    p.set_defaults(fn=cmd_seed)
    p = sub.add_parser("audit")
    p.add_argument("action", choices=["verify", "checkpoint", "rekey"])
    p.set_defaults(fn=cmd_audit)
    for name in ("backup", "restore"):
        sub.add_parser(name).add_argument("dir", metavar="DIR" if name == "backup" else "ARCHIVE")
        sub.choices[name].set_defaults(fn=cmd_backup)
    p = sub.add_parser("orgs")
    p.add_argument("action", choices=["bootstrap"])
    p.add_argument("province")
    p.set_defaults(fn=cmd_orgs)
    p = sub.add_parser("documents")
    p.add_argument("action", choices=["samples", "build-templates"])
    p.add_argument("dir", nargs="?", metavar="DIR")
    p.add_argument("--no-pdf", action="store_true", help="DOCX and XLSX only (no LibreOffice)")
    p.set_defaults(fn=cmd_documents)
    p = sub.add_parser("scans")
    p.add_argument("action", choices=["import"])
    p.add_argument("file", metavar="FILE")
    p.add_argument("--org", required=True, metavar="CODE")
    p.add_argument("--system", type=int, default=None, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(fn=cmd_scans)
    p = sub.add_parser("manage")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(fn=cmd_manage)
    args = parser.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
