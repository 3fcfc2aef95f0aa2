# The comments of this sample are in English. "Hearth: 翻译注释" translates them into the language of
# your user interface; the code stays as it is.
import time


class RateLimiter:
    """Token bucket: refills `rate` tokens per second and holds at most `burst` of them."""

    def __init__(self, rate: float, burst: int):
        self.rate = rate
        self.burst = burst
        # The bucket starts full, so a short burst of requests is allowed at start-up
        self.tokens = float(burst)
        self.updated = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        # Refill by the time since the last call, but never beyond the bucket's capacity
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False  # Not enough tokens: the caller should try again later
