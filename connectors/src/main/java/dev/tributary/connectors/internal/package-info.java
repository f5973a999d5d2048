/** Internals of the connectors; not an API. */
package dev.tributary.connectors.internal;
