/**
 * The table engine served over DynamoDB's JSON 1.0 protocol: {@link
 * dev.tributary.engine.http.EngineServer} started with {@link
 * dev.tributary.engine.http.ServerOptions}. AWS SDKs, boto3 and the AWS CLI talk to it by changing
 * only the endpoint URL. Everything else lives in {@code .internal}: the Netty server, routing by
 * {@code X-Amz-Target}, one request decoder and one response encoder per family of operations,
 * DynamoDB's error bodies, and the authentication and Streams hooks.
 */
package dev.tributary.engine.http;
