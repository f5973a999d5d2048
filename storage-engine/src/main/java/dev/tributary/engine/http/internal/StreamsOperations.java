package dev.tributary.engine.http.internal;

/**
 * The DynamoDB Streams API ({@code X-Amz-Target: DynamoDBStreams_20120810.<operation>}): takes an
 * operation name ({@code ListStreams}, {@code DescribeStream}, {@code GetShardIterator}, {@code
 * GetRecords}) and the request's JSON body, returns the response's JSON body. Errors are thrown as
 * {@link dev.tributary.engine.DynamoDbException}s named and worded as DynamoDB Streams' own.
 */
public interface StreamsOperations {
  byte[] handle(String operation, byte[] requestJson);
}
