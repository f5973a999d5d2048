/**
 * Pipelines: declare which change events go to which handlers, and compile that into a Kafka
 * Streams topology.
 *
 * <p>{@link dev.tributary.core.pipeline.Pipeline#builder} records a definition: sources (tables),
 * filters ({@link dev.tributary.core.pipeline.Events}), a view ({@code where}, built with {@link
 * dev.tributary.core.pipeline.Images}), a projection, and routes ({@link
 * dev.tributary.core.pipeline.Routes}) to handlers ({@link
 * dev.tributary.core.pipeline.HandlerSpec}). {@link dev.tributary.core.pipeline.PipelineTopology}
 * turns it into a topology writing one lane topic per handler; {@link
 * dev.tributary.core.pipeline.Pipeline#lanes()} tells the runners how to drive each lane. {@link
 * dev.tributary.core.pipeline.Topics} names every Kafka topic and group.
 */
package dev.tributary.core.pipeline;
