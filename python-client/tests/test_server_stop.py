"""A `games serve` stopped at once, right after its banner, stops: its signal handling is in
place before the banner says it is up."""

from selfplay import LocalServer


def test_servers_stopped_right_after_their_banner_all_stop_cleanly(binary: str) -> None:
    # The handlers used to be registered asynchronously after the default action was already
    # ignored, so a signal sent as soon as the banner appeared was sometimes lost and the
    # server ran on (about one start in twenty, more on a busy machine).
    codes = []
    for _ in range(20):
        server = LocalServer(binary)
        codes.append(server.close(timeout=20))  # SIGINT; killed (-9) if it does not stop
    assert codes == [0] * 20
