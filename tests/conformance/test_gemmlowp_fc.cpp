// `qmac run` with mode tflite against a TFLite-style reference fully connected built from the real gemmlowp
// primitives (tensorflow/lite/kernels/internal/reference/integer_ops/fully_connected.h, per-channel).
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "../common/layer_files.hpp"
#include "../common/tflite_reference.hpp"

using namespace qmac;

TEST_CASE("qmac run (tflite) equals a gemmlowp/TFLite reference fully connected on random layers", "[conformance]") {
    test::ScratchDir dir("gemmlowp");
    std::mt19937 rng(2024);
    std::uniform_int_distribution<int> s8(-128, 127), u8(0, 255), n_dist(1, 40), k_dist(1, 300), b_dist(1, 8);
    std::uniform_int_distribution<std::int32_t> bias_dist(-(1 << 20), 1 << 20), m_dist(1 << 30, INT32_MAX);
    std::uniform_int_distribution<int> shift_dist(-14, 1);
    test::BackendTally tally;
    for (int layer = 0; layer < 60; ++layer) {
        const bool u8_input = layer % 2 == 1;
        const int n = n_dist(rng), k = k_dist(rng), batch = b_dist(rng);
        const int in_zp = u8_input ? u8(rng) : s8(rng);
        const int out_zp = u8_input ? u8(rng) : s8(rng);
        int out_min = u8_input ? u8(rng) : s8(rng), out_max = u8_input ? u8(rng) : s8(rng);
        if (out_min > out_max) std::swap(out_min, out_max);
        std::vector<std::int64_t> w(n * k), x(batch * k), bias(n), mult(n), shift(n);
        for (auto& v : w) v = s8(rng);
        for (auto& v : x) v = u8_input ? u8(rng) : s8(rng);
        for (int c = 0; c < n; ++c) { bias[c] = bias_dist(rng); mult[c] = m_dist(rng); shift[c] = shift_dist(rng); }

        const auto list = [](const std::vector<std::int64_t>& v) {
            std::ostringstream s;
            s << '[';
            for (std::size_t i = 0; i < v.size(); ++i) s << (i ? "," : "") << v[i];
            return s.str() + ']';
        };
        const layer::Dtype in_dtype = u8_input ? layer::Dtype::UInt8 : layer::Dtype::Int8;
        layer::write_npy(dir.file("w.npy"), layer::Dtype::Int8, {std::size_t(n), std::size_t(k)}, w);
        layer::write_npy(dir.file("b.npy"), layer::Dtype::Int32, {std::size_t(n)}, bias);
        layer::write_npy(dir.file("x.npy"), in_dtype, {std::size_t(batch), std::size_t(k)}, x);
        test::write_text(dir.file("layer.json"),
                         "{\"weights\": \"w.npy\", \"bias\": \"b.npy\", \"input_zero_point\": " + std::to_string(in_zp) +
                             ", \"requant\": {\"mode\": \"tflite\", \"multiplier\": " + list(mult) + ", \"shift\": " +
                             list(shift) + "}, \"output_zero_point\": " + std::to_string(out_zp) +
                             ", \"output_min\": " + std::to_string(out_min) + ", \"output_max\": " +
                             std::to_string(out_max) + ", \"output_dtype\": \"" + (u8_input ? "uint8" : "int8") + "\"}");
        // The reference, with TFLite's offsets: input_offset = -input_zero_point, filter_offset = 0.
        const std::int32_t input_offset = -in_zp;
        std::vector<std::int64_t> y_ref(batch * n);
        for (int b = 0; b < batch; ++b) {
            for (int c = 0; c < n; ++c) {
                std::int32_t acc = 0;
                for (int d = 0; d < k; ++d) {
                    acc += static_cast<std::int32_t>(w[c * k + d]) * (static_cast<std::int32_t>(x[b * k + d]) + input_offset);
                }
                acc += static_cast<std::int32_t>(bias[c]);
                acc = test::tflite_multiply_by_quantized_multiplier(acc, static_cast<std::int32_t>(mult[c]),
                                                                    static_cast<int>(shift[c]));
                acc += out_zp;
                acc = std::max(acc, out_min);
                acc = std::min(acc, out_max);
                y_ref[b * n + c] = acc;
            }
        }
        test::run_on_every_backend(dir, y_ref, tally);
    }
    for (const auto& [backend, count] : tally.compared) {
        std::cout << "gemmlowp/TFLite fully connected vs qmac run (" << backend << "): " << count << " outputs compared, " << tally.refused[backend]
                  << " layers refused as not provably exact on integer hardware\n";
    }
    std::cout << "gemmlowp/TFLite fully connected vs qmac run, all backends: "
              << tally.mismatches << " mismatches\n";
    CHECK(tally.compared["golden"] > 1000);
    CHECK(tally.compared.size() == test::qmac_backends().size());
    // tflite is an integer mode: every backend runs it as given, none may refuse a layer
    // (docs/layer-format.md: only the float modes need the exactness proof that can refuse).
    for (const std::string& backend : test::qmac_backends()) {
        INFO(backend << ": " << tally.refused[backend] << " layers refused");
        CHECK(tally.refused[backend] == 0);
    }
    CHECK(tally.mismatches == 0);
}
