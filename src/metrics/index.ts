// Classification metrics beyond one accuracy number.
export { confusionMatrix, perClassAccuracy, perClassPrecision, confusionAccuracy, type Labels } from "./confusion";
