print("trueup")
