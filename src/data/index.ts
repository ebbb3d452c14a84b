// Data sets: the course's 2-D toy problems (identical to scikit-learn's for a
// seed), a real temperature series, splits and input normalization.
export type { Dataset, GeneratorOptions } from "./common";
export { makeMoons, loadMoons, type MoonsOptions } from "./moons";
export { makeCircles, loadCircles, type CirclesOptions } from "./circles";
export { makeBlobs, type BlobsOptions } from "./blobs";
export { seattleWeather, seattleTemperatures, seattleWeatherPath, type WeatherDay } from "./temperatures";
export { trainDevTestSplit, type SplitOptions } from "./split";
export { fitNormalizer, normalize, type NormalizerStats } from "./normalize";
export { makeNoisyBoundary, loadNoisyBoundary, type NoisyBoundaryOptions, type NoisyBoundaryData } from "./boundary";
export { parseCsvDataset, loadCsvDataset, type CsvDatasetOptions, type CsvDataset } from "./csv";
export { loadPenguins, penguinRecords, penguinsPath, PENGUIN_FEATURES, PENGUIN_SPECIES, type Penguin, type PenguinsData, type PenguinsOptions, type MissingPenguin } from "./penguins";
export { vegaDatasetPath } from "./vega";
export { datasetPoints } from "./points";
export { updateParametersTestCase, type UpdateParametersTestCase } from "./course-cases";
