// The seeded generators the tests share with `trueup generate` (DemoShop, SplitMix64).
@_exported public import TrueUpScenarios
