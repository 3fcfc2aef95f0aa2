# 这个示例的注释是中文的。“Hearth: Translate Comments” 会把注释翻译成你的界面语言，代码保持不变。
import time


class RateLimiter:
    """令牌桶限流器：每秒补充 rate 个令牌，最多存 burst 个。"""

    def __init__(self, rate: float, burst: int):
        self.rate = rate
        self.burst = burst
        # 一开始桶是满的，所以启动时允许一小阵突发请求
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        # 按距上次调用经过的时间补充令牌，但不超过桶的容量
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False  # 令牌不够：调用方应当稍后重试
