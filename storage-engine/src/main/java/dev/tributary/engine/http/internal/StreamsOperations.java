package dev.tributary.engine.http.internal;

/**
 * The DynamoDB Streams API ({@code X-Amz-Target: DynamoDBStreams_20120810.<Op>}): ListStreams,
 * DescribeStream, GetShardIterator, GetRecords. Runs on a worker thread; returns the JSON response
 * body, or throws a {@link dev.tributary.engine.DynamoDbException} the server writes as an error.
 */
@FunctionalInterface
public interface StreamsOperations {
  /**
   * Answers one DynamoDB Streams request.
   *
   * @param operation the operation name after the target prefix, e.g. {@code GetRecords}
   * @param requestBody the JSON request body
   * @return the JSON response body
   */
  byte[] handle(String operation, byte[] requestBody);

  /** Answers every operation with UnknownOperationException: Streams are not served. */
  static StreamsOperations unavailable() {
    return (operation, body) -> {
      throw WireException.unknownOperation();
    };
  }
}
