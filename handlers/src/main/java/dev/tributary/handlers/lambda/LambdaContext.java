package dev.tributary.handlers.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Context} of one invocation: the function is the pipeline's handler, the remaining time
 * counts down from the configured timeout, and the logger writes to SLF4J ({@code
 * lambda.<function>}). Identity and client context are null, as Lambda gives them to stream
 * invocations.
 */
final class LambdaContext implements Context {
  private final String requestId;
  private final String functionName;
  private final String region;
  private final int partition;
  private final long deadlineNanos;
  private final int memoryMb;
  private final LambdaLogger logger;

  LambdaContext(
      String requestId,
      String functionName,
      String region,
      int partition,
      long timeoutMillis,
      int memoryMb) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.region = region.isEmpty() ? "local" : region;
    this.partition = partition;
    this.deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000L;
    this.memoryMb = memoryMb;
    this.logger = new Slf4jLambdaLogger(LoggerFactory.getLogger("lambda." + functionName));
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "tributary/" + partition;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:" + region + ":000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null; // as Lambda: stream invocations carry no Cognito identity
  }

  @Override
  public ClientContext getClientContext() {
    return null; // as Lambda: stream invocations carry no mobile client context
  }

  @Override
  public int getRemainingTimeInMillis() {
    long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
  }

  @Override
  public int getMemoryLimitInMB() {
    return memoryMb;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  private record Slf4jLambdaLogger(Logger log) implements LambdaLogger {
    @Override
    public void log(String message) {
      log.info("{}", message);
    }

    @Override
    public void log(byte[] message) {
      log(new String(message, StandardCharsets.UTF_8));
    }

    @Override
    public void log(String message, LogLevel level) {
      switch (level) {
        case TRACE -> log.trace("{}", message);
        case DEBUG -> log.debug("{}", message);
        case WARN -> log.warn("{}", message);
        case ERROR, FATAL -> log.error("{}", message);
        default -> log.info("{}", message);
      }
    }

    @Override
    public void log(byte[] message, LogLevel level) {
      log(new String(message, StandardCharsets.UTF_8), level);
    }
  }
}
