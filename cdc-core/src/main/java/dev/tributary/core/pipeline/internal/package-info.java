/**
 * How pipelines run: predicate trees, document paths, DynamoDB value ordering, view scoping,
 * projection, the last-sequence deduplication and the routing processor. Not API: users import
 * {@code dev.tributary.core.pipeline} only.
 */
package dev.tributary.core.pipeline.internal;
