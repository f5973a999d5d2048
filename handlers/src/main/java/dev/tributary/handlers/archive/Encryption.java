package dev.tributary.handlers.archive;

/** Server-side encryption of archive objects. */
public enum Encryption {
  /** The bucket's default. */
  NONE,
  /** SSE-S3: {@code AES256} with keys S3 manages. */
  AES256,
  /** SSE-KMS, with the bucket's key or the one given by key id. */
  KMS
}
