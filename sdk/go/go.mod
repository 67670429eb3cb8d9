module github.com/fractal-lba/sdk-go

go 1.19
