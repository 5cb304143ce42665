/// Varadhan and Roland's rules for SQUAREM's step length |α|.
enum SquaremStepRule {
  /// r·r / |r·v|.
  case s2
  /// ‖r‖ / ‖v‖.
  case s3
}
