import os, subprocess, sys
import sqlalchemy as sa

def test_storage(storage_url, request):
    eng = sa.create_engine(storage_url)
    with eng.begin() as c:
        c.execute(sa.text("CREATE TABLE t (x int)"))
        c.execute(sa.text("INSERT INTO t VALUES (1)"))
        n = c.execute(sa.text("SELECT count(*) FROM t")).scalar()
    assert n == 1
    print("URL", request.node.callspec.id, storage_url, eng.dialect.name)
    eng.dispose()

def test_storage_leak(storage_url):
    # forgot dispose: the FORCE drop must still work
    eng = sa.create_engine(storage_url)
    with eng.connect() as c:
        c.execute(sa.text("SELECT 1"))

def test_xvfb_screenshot(xvfb_display, artifacts_dir):
    code = r'''
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
l = QLabel("Depot 仓单 screenshot test"); l.resize(400, 100); l.show()
app.processEvents()
img = l.screen().grabWindow(l.winId())
print(app.platformName(), img.save(sys.argv[1]))
'''
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    out = subprocess.run([sys.executable, "-c", code, str(artifacts_dir / "tmp_infra.png")], env=env, capture_output=True, text=True, timeout=60)
    print(out.stdout, out.stderr)
    assert out.stdout.strip() == "xcb True"

def test_env(pg_url, mqtt_url, pkcs11_module, os_keyring):
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
