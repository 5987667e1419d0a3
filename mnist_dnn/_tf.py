"""TensorFlow와 Keras를 C++ 로그 없이 불러옵니다."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _import_quietly():
    """import 중 absl이 표준 오류(fd 2)에 직접 쓰는 로그를 잠시 /dev/null로 돌립니다."""
    saved, null = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        import keras
        import tensorflow
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)
    return tensorflow, keras


tf, keras = _import_quietly()
tf.get_logger().setLevel("ERROR")  # 장마다 학습 함수를 새로 만들 때 나는 재추적(retracing) 경고를 끕니다
