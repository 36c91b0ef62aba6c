package normalize

import "strings"

// quantTokens are the name parts that mark a quantised artefact of a model
// (a format, a low precision or a bit width); BF16 and FP16 are the main
// weights' precisions and do not.
var quantTokens = map[string]bool{
	"awq": true, "gptq": true, "gguf": true, "ggml": true, "exl2": true, "hqq": true, "mlx": true, "bnb": true,
	"fp8": true, "fp4": true, "nvfp4": true, "mxfp4": true, "int4": true, "int8": true, "w4a16": true, "w8a8": true,
	"w4a8": true, "4bit": true, "8bit": true, "q4": true, "q8": true,
}

// Quantised reports whether a model name names a quantised artefact
// ("Foo-7B-AWQ", "Foo-7B-Instruct-FP8", "Foo-GGUF", "foo-7b-q4_k_m").
func Quantised(name string) bool {
	for _, t := range Tokens(name) {
		t = strings.ToLower(t)
		if quantTokens[t] {
			return true
		}
		if len(t) >= 2 && t[0] == 'q' && t[1] >= '2' && t[1] <= '8' && (len(t) == 2 || t[2] == '_' || t[2] == 'k') {
			return true // llama.cpp quantisations: q4, q4_k_m, q8_0
		}
	}
	return false
}
