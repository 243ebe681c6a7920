"""What the hub test stands on: throwaway Unix accounts, a PostgreSQL server, a JupyterHub, a user of it.

Each is a context manager that removes everything it made when it ends, also after a failure: the accounts
(and every process they still run), the database server and its files, the hub, its proxy and the users'
servers. ``benchmarks/grade_at_scale.py`` uses the PostgreSQL server too.
"""

import glob
import re
import os
import pwd
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
HUB_CONFIG = ROOT / "autograder" / "hub" / "jupyterhub_config.py"
PROXY = ROOT / ".hub" / "node_modules" / ".bin" / "configurable-http-proxy"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def why_no_accounts():
    """Why this machine cannot make the throwaway accounts (None when it can)."""
    if os.geteuid() != 0:
        return "not root: the hub test makes Unix accounts for an instructor and three students (run it as root)"
    missing = [tool for tool in ("useradd", "userdel", "groupadd", "groupdel", "chpasswd", "runuser")
               if shutil.which(tool) is None]
    return f"{', '.join(missing)} missing: cannot make Unix accounts" if missing else None


def processes_of(uids):
    """Process ids of every process run by one of ``uids``."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid in uids:
                    found.append(int(entry))
            except OSError:
                pass
    return found


def end_processes(pids, grace=10.0):
    """SIGTERM each of ``pids``, then SIGKILL whichever is still there after ``grace`` seconds."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") and not _zombie(pid) for pid in pids):
            time.sleep(0.2)


def _zombie(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


class OpenPath:
    """Every folder above ``paths`` traversable by others (o+x) while in use, as it was afterwards.

    The accounts run this environment's Python, which may live under a private home (pyenv in /root).
    A deployment installs the environment where every account can read it instead (/opt, /srv).
    """

    def __init__(self, paths):
        self.paths, self.changed = [Path(p) for p in paths if p], []

    def __enter__(self):
        for path in self.paths:
            for folder in [path, *path.parents]:
                mode = folder.stat().st_mode
                if not mode & stat.S_IXOTH:
                    folder.chmod(mode | stat.S_IXOTH)
                    self.changed.append((folder, mode))
        return self

    def __exit__(self, *exc):
        for folder, mode in reversed(self.changed):
            folder.chmod(mode)


class Accounts:
    """Unix accounts with random passwords and homes in ``base/home`` (mode 0700), members of ``group``.

    Accounts of the same names left by an earlier run that was killed are removed first.
    """

    def __init__(self, base, names, group):
        self.base, self.names, self.group = Path(base), list(names), group
        self.passwords = {name: secrets.token_urlsafe(16) for name in self.names}

    def home(self, name):
        return self.base / "home" / name

    def uid(self, name):
        return pwd.getpwnam(name).pw_uid

    def __enter__(self):
        self._remove()
        (self.base / "home").mkdir(parents=True, exist_ok=True)
        os.chmod(self.base / "home", 0o755)
        try:
            subprocess.run(["groupadd", self.group], check=True, capture_output=True)
            for name in self.names:
                subprocess.run(["useradd", "--create-home", "--home-dir", str(self.home(name)), "--shell", "/bin/bash",
                                "--groups", self.group, name], check=True, capture_output=True)
                os.chmod(self.home(name), 0o700)  # what a multi-user server needs: nobody reads another's home
            subprocess.run(["chpasswd"], input="".join(f"{n}:{p}\n" for n, p in self.passwords.items()), text=True,
                           check=True, capture_output=True)
        except BaseException:
            self._remove()
            raise
        return self

    def __exit__(self, *exc):
        self._remove()

    def _remove(self):
        uids = set()
        for name in self.names:
            try:
                uids.add(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        end_processes(processes_of(uids), grace=5)
        for name in self.names:
            if name in {entry.pw_name for entry in pwd.getpwall()}:
                subprocess.run(["userdel", "--remove", name], capture_output=True)
                subprocess.run(["userdel", name], capture_output=True)  # when --remove failed on the home
        subprocess.run(["groupdel", self.group], capture_output=True)
        shutil.rmtree(self.base / "home", ignore_errors=True)

    def run(self, name, command, cwd=None, env=None, check=True, timeout=900):
        """Run ``command`` as the account ``name`` (``runuser``), in its home unless ``cwd``; return the result."""
        environment = {"HOME": str(self.home(name)), "USER": name, "LOGNAME": name, "LANG": "C.UTF-8",
                       "PATH": os.pathsep.join([str(VENV_BIN), "/usr/local/bin", "/usr/bin", "/bin"]), **(env or {})}
        result = subprocess.run([shutil.which("runuser"), "-u", name, "--", *map(str, command)],
                                cwd=cwd or self.home(name), env=environment, capture_output=True, text=True,
                                timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(map(str, command))} as {name} failed ({result.returncode}):\n"
                                 f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result


def postgres_binary(name):
    """``initdb``, ``pg_ctl``, ... of the newest PostgreSQL installed (Debian keeps them off PATH), or None."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return found[-1] if found else shutil.which(name)


class Postgres:
    """A PostgreSQL server of its own in ``folder``, on 127.0.0.1 at a free port, with password logins.

    As root it runs as ``account`` (PostgreSQL refuses to run as root); otherwise as this user.
    """

    SUPERUSER = "postgres"

    def __init__(self, folder, account=None):
        self.folder, self.account = Path(folder), account if os.geteuid() == 0 else None
        self.port, self.password = free_port(), secrets.token_urlsafe(16)
        self.data, self.log = self.folder / "data", self.folder / "server.log"

    def _as_owner(self, command):
        prefix = ["runuser", "-u", self.account, "--"] if self.account else []
        result = subprocess.run(prefix + list(map(str, command)), cwd=self.folder, capture_output=True, text=True,
                                timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
                               + (self.log.read_text()[-2000:] if self.log.exists() else ""))
        return result

    def __enter__(self):
        if postgres_binary("initdb") is None:
            raise RuntimeError("PostgreSQL is not installed (initdb not found): apt-get install postgresql")
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "socket").mkdir(exist_ok=True)
        (self.folder / "password").write_text(self.password + "\n")
        if self.account:
            shutil.chown(self.folder, self.account)
            for path in self.folder.iterdir():
                shutil.chown(path, self.account)
        os.chmod(self.folder, 0o700)
        try:
            self._as_owner([postgres_binary("initdb"), "--pgdata", self.data, "--username", self.SUPERUSER,
                            "--pwfile", self.folder / "password", "--auth", "scram-sha-256", "--encoding", "UTF8",
                            "--no-sync"])
            self._as_owner([postgres_binary("pg_ctl"), "--pgdata", self.data, "--log", self.log, "--wait",
                            "--timeout", "120", "--options",
                            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder / 'socket'} "
                            "-c max_connections=200 -c fsync=off", "start"])
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if (self.data / "postmaster.pid").exists():
            try:
                self._as_owner([postgres_binary("pg_ctl"), "--pgdata", self.data, "--mode", "immediate", "--wait",
                                "stop"])
            except RuntimeError:
                pid = int((self.data / "postmaster.pid").read_text().split()[0])
                end_processes([pid])
        shutil.rmtree(self.folder, ignore_errors=True)

    def sql(self, statement, database="postgres"):
        """Run ``statement`` as the superuser; return psql's output."""
        result = subprocess.run([postgres_binary("psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                                 self.SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", statement],
                                env=dict(os.environ, PGPASSWORD=self.password), capture_output=True, text=True,
                                timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"psql: {statement}: {result.stderr.strip()}")
        return result.stdout

    def create_gradebook(self, database, role):
        """A role with a password and a database it owns: the two statements the README gives. Returns db_url."""
        password = secrets.token_hex(12)
        self.sql(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        self.sql(f"CREATE DATABASE {database} OWNER {role}")
        return f"postgresql+psycopg://{role}:{password}@127.0.0.1:{self.port}/{database}"


def descendants(pid):
    """Process ids of every descendant of ``pid``."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Hub:
    """JupyterHub with ``autograder/hub/jupyterhub_config.py`` on 127.0.0.1, its state in ``folder``.

    Parameters
    ----------
    env : dict
        The configuration's variables (COURSE_HUB_GROUP, COURSE_EXCHANGE, ...) besides the addresses.
    """

    def __init__(self, folder, env):
        self.folder = Path(folder)
        self.url = f"http://127.0.0.1:{free_port()}"
        self.env = dict(os.environ, **env, COURSE_HUB_URL=self.url, COURSE_HUB_STATE=str(self.folder),
                        COURSE_HUB_API_URL=f"http://127.0.0.1:{free_port()}",
                        COURSE_HUB_PROXY_API_URL=f"http://127.0.0.1:{free_port()}")
        self.log = self.folder / "jupyterhub.log"
        self.process = None

    def __enter__(self):
        import requests

        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        with open(self.log, "w") as log:
            self.process = subprocess.Popen([VENV_BIN / "jupyterhub", "-f", HUB_CONFIG], cwd=self.folder,
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.__exit__()
                raise RuntimeError(f"JupyterHub exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"JupyterHub did not answer within 2 minutes:\n{self.tail()}")

    def tail(self, lines=60):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""

    def __exit__(self, *exc):
        """Stop the hub (which stops the users' servers and its proxy), then whatever it left behind."""
        if self.process is None:
            return
        left = set(descendants(self.process.pid))
        proxy_pid = self.folder / "jupyterhub-proxy.pid"
        if proxy_pid.exists():
            left.add(int(proxy_pid.read_text().strip() or 0))
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        end_processes(sorted(pid for pid in left if pid and os.path.exists(f"/proc/{pid}")), grace=5)


class HubUser:
    """One person on the hub: logs in with a password, starts a server, talks to it with an API token."""

    def __init__(self, hub_url, name, password):
        import requests

        self.hub, self.name, self.password = hub_url, name, password
        self.browser = requests.Session()  # what a browser holds after logging in: cookies
        self.api = requests.Session()  # a token of this user's, asked for with those cookies

    def log_in(self):
        self.browser.get(f"{self.hub}/hub/login", timeout=60).raise_for_status()
        xsrf = self.browser.cookies.get("_xsrf")
        reply = self.browser.post(f"{self.hub}/hub/login", data={"username": self.name, "password": self.password,
                                                                  "_xsrf": xsrf}, allow_redirects=False, timeout=60)
        if reply.status_code != 302:
            raise AssertionError(f"{self.name} could not log in ({reply.status_code}): {reply.text[:500]}")
        # the hub's pages carry the XSRF token of the logged-in session; API requests with cookies must send it
        page = self.browser.get(f"{self.hub}/hub/token", timeout=60).text
        xsrf = re.search(r'xsrf_token: "([^"]+)"|name="_xsrf" value="([^"]+)"', page)
        xsrf = next(group for group in xsrf.groups() if group) if xsrf else self.browser.cookies.get("_xsrf")
        reply = self.browser.post(f"{self.hub}/hub/api/users/{self.name}/tokens", json={"note": "hub test",
                                  "expires_in": 3600}, headers={"X-XSRFToken": xsrf}, timeout=60)
        if reply.status_code != 201:
            raise AssertionError(f"{self.name} got no API token ({reply.status_code}): {reply.text[:500]}")
        self.api.headers["Authorization"] = f"token {reply.json()['token']}"
        return self

    def start_server(self):
        reply = self.api.post(f"{self.hub}/hub/api/users/{self.name}/server", timeout=60)
        if reply.status_code not in (201, 202, 400):  # 400: already running
            raise AssertionError(f"{self.name}'s server did not start ({reply.status_code}): {reply.text[:500]}")

    def wait_for_server(self, timeout=240):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api.get(f"{self.hub}/hub/api/users/{self.name}", timeout=60).json()
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                return server
            if not model.get("pending") and not server:
                raise AssertionError(f"{self.name}'s server stopped while starting: {model}")
            time.sleep(0.5)
        raise AssertionError(f"{self.name}'s server was not ready after {timeout} s")

    def server(self, method, path, **kwargs):
        """A request to this user's own Jupyter server (``/user/<name>/<path>``), through the hub's proxy."""
        kwargs.setdefault("timeout", 300)
        return self.api.request(method, f"{self.hub}/user/{self.name}/{path}", **kwargs)

    def nbgrader(self, action, **data):
        """One of nbgrader's Assignments-tab requests (fetch, submit, fetch_feedback, validate); its JSON reply."""
        path = "assignments" + (f"/{action}" if action != "list" else "")
        if action == "list":
            reply = self.server("GET", path, params=data)
        else:
            reply = self.server("POST", path, json=data)
        reply.raise_for_status()
        return reply.json()
