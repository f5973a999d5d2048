package dev.tributary.handlers.internal;

/** Bounds AWS Lambda puts on a function's settings, shared by the handlers that run functions. */
public final class LambdaLimits {
  /** The least memory a Lambda function may have, in MB. */
  public static final int MIN_MEMORY_MB = 128;

  /** The most memory a Lambda function may have, in MB. */
  public static final int MAX_MEMORY_MB = 10_240;

  private LambdaLimits() {}

  /** {@code memoryMb} when Lambda allows it; else an IllegalArgumentException naming it. */
  public static int memoryMb(int memoryMb) {
    if (memoryMb < MIN_MEMORY_MB || memoryMb > MAX_MEMORY_MB) {
      throw new IllegalArgumentException(
          "memoryMb must be between "
              + MIN_MEMORY_MB
              + " and "
              + MAX_MEMORY_MB
              + ", as on Lambda, was "
              + memoryMb);
    }
    return memoryMb;
  }
}
