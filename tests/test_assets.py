"""Files published to the static folder from many sessions at once (``ui.assets.publish``): a hall of
students opening the same link writes the same rows in the same moment, and a full folder is swept by
several of them together."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ui.assets import publish


def test_the_same_file_published_by_many_sessions_at_once_is_written_whole_once(tmp_path):
    content = bytes(range(256)) * 4000  # 1 MB: writing it takes long enough for the threads to meet
    with ThreadPoolExecutor(16) as pool:
        urls = list(pool.map(lambda _: publish(content, "rows", ".bin", root=tmp_path), range(64)))
    files = list((tmp_path / "rows").iterdir())
    assert len(set(urls)) == 1 and [f.name for f in files] == [urls[0].rsplit("/", 1)[1]]
    assert files[0].read_bytes() == content  # no temporary file left, none written over half-way


def test_sweeping_a_full_folder_from_many_sessions_at_once_loses_no_page(tmp_path):
    def publish_many(worker: int) -> list[str]:
        return [publish(f"{worker}-{k}".encode(), "rows", ".bin", keep=20, root=tmp_path) for k in range(60)]

    with ThreadPoolExecutor(8) as pool:
        urls = [url for batch in pool.map(publish_many, range(8)) for url in batch]
    left = {f.name for f in (tmp_path / "rows").iterdir()}
    assert len(urls) == 480  # every publish returned: no sweep failed on a file another sweep took
    assert 0 < len(left) <= 20 + 8  # swept down to 15, each worker adding at most its one newest since
    assert all(name.endswith(".bin") for name in left)
