import TrueUpCore
