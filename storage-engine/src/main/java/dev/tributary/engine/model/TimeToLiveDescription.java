package dev.tributary.engine.model;

import java.util.Optional;

/** DescribeTimeToLive: ENABLED or DISABLED, and the attribute holding epoch-second expiry. */
public record TimeToLiveDescription(String timeToLiveStatus, Optional<String> attributeName) {}
