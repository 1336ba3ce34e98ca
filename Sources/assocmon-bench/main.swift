import DICOMUpperLayer

print("assocmon-bench: codec benchmarks")
