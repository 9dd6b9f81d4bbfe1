import HTTPCore
print("placeholder")
