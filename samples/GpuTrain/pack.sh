#!/usr/bin/env bash
# Publishes GpuTrain self-contained for linux-x64 (no .NET SDK needed where it runs) and packs it with the measurement
# scripts into gpu/gputrain.tar.gz (about 36 MB), the folder the device tool carries to the GPU machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf gpu/GpuTrain gpu/h100
dotnet publish samples/GpuTrain -c Release -r linux-x64 --self-contained -o gpu/GpuTrain
cp -r samples/GpuTrain/h100 gpu/h100
tar czf gpu/gputrain.tar.gz -C gpu GpuTrain h100
ls -lh gpu/gputrain.tar.gz
