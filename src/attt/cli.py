"""`attt`: the product's command line.

  attt demo [--port 8000]          migrate, build the demo province once, start worker and web server
  attt serve [--port 8000]         migrate and start the web server and worker on existing data
  attt worker                      run the Huey consumer
  attt directive extract FILE [--json]
  attt seed [--provinces 34 --units 100 --users 1000 --systems 0]
  attt audit verify|checkpoint|rekey   check the keyed chain / anchor it outside the DB / re-key an old one
  attt orgs bootstrap PROVINCE     create a province and its communes (vietnam-provinces)
  attt manage COMMAND ...          any Django management command
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys


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


def cmd_demo(args) -> int:
    _django()
    from django.conf import settings

    from attt import demo

    print(f"Dữ liệu: {settings.DATA_DIR}")
    _migrate()
    accounts = demo.build()
    _print_accounts(accounts)
    return _serve(args.host, args.port)


def cmd_serve(args) -> int:
    _django()
    _migrate()
    return _serve(args.host, args.port)


def cmd_worker(args) -> int:
    _django()
    from django.core.management import call_command

    call_command("run_huey", workers=args.workers)
    return 0


def cmd_directive(args) -> int:
    from attt.directives.extract.cli import main as extract_main

    return extract_main(args.rest)


def cmd_seed(args) -> int:
    _django()
    _migrate()
    from attt import seed

    seed.run(provinces=args.provinces, units=args.units, users=args.users, systems=args.systems,
             out=print)
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
    p = sub.add_parser("worker")
    p.add_argument("--workers", type=int, default=2)
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
    p.set_defaults(fn=cmd_seed)
    p = sub.add_parser("audit")
    p.add_argument("action", choices=["verify", "checkpoint", "rekey"])
    p.set_defaults(fn=cmd_audit)
    p = sub.add_parser("orgs")
    p.add_argument("action", choices=["bootstrap"])
    p.add_argument("province")
    p.set_defaults(fn=cmd_orgs)
    p = sub.add_parser("manage")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(fn=cmd_manage)
    args = parser.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
