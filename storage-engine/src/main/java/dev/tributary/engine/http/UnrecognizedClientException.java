package dev.tributary.engine.http;

import dev.tributary.engine.DynamoDbException;

/**
 * The request's access key is not one the endpoint knows (DynamoDB's wording: "The security token
 * included in the request is invalid.").
 */
public class UnrecognizedClientException extends DynamoDbException {
  public UnrecognizedClientException(String message) {
    super(message);
  }
}
