package dev.tributary.core;

/** Which images a change record carries, as in DynamoDB's StreamSpecification. */
public enum StreamViewType {
  KEYS_ONLY(false, false),
  NEW_IMAGE(true, false),
  OLD_IMAGE(false, true),
  NEW_AND_OLD_IMAGES(true, true);

  private final boolean carriesNewImage;
  private final boolean carriesOldImage;

  StreamViewType(boolean carriesNewImage, boolean carriesOldImage) {
    this.carriesNewImage = carriesNewImage;
    this.carriesOldImage = carriesOldImage;
  }

  public boolean carriesNewImage() {
    return carriesNewImage;
  }

  public boolean carriesOldImage() {
    return carriesOldImage;
  }
}
