"""mnist_dnn.legacy: 원본 TF1 프로그램이 원본과 같은 모양의 비용 곡선을 그리는지."""

import tensorflow as tf

from mnist_dnn.legacy import run_original


def test_original_program_cost_trajectory(mnist, capsys):
    result = run_original(mnist, epochs=2)
    assert 2.2 < result.cost[0] < 2.4  # 원본 글: Epoch: 0001 cost = 2.29...
    assert result.cost[1] < result.cost[0] - 0.4
    assert 0.3 < result.accuracy < 0.9 and len(result.seconds) == 2
    assert capsys.readouterr().out.splitlines()[0].startswith("Epoch: 0001 cost = 2.")


def test_eager_mode_survives(small):
    run_original(small, epochs=1, verbose=False)
    assert tf.executing_eagerly()


def test_store_replays_the_original_program_without_its_timing(small, tmp_path, monkeypatch, capsys):
    import math

    from mnist_dnn import store

    monkeypatch.setenv(store.STORE_ENV, str(tmp_path / "runs"))
    first = run_original(small, epochs=1)
    printed = capsys.readouterr().out
    again = run_original(small, epochs=1)
    assert not first.replayed and again.replayed and capsys.readouterr().out == printed
    assert again.cost == first.cost and again.accuracy == first.accuracy and math.isnan(again.seconds[0])
    assert not run_original(small, epochs=1, learning_rate=0.002, verbose=False).replayed
