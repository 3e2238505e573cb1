// `qmac run` with mode fp32 against XNNPACK itself (Debian libxnnpack-dev, public C API
// xnn_create_fully_connected_nc_qs8): random int8 layers, per-tensor scales, zero points and clamps.
#include <catch2/catch.hpp>

#include <xnnpack.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>

#include "../common/layer_files.hpp"

using namespace qmac;

namespace {

std::string float_text(float v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));  // 9 digits: reads back as the same float
    return buf;
}

}  // namespace

TEST_CASE("qmac run (fp32) equals XNNPACK's qs8 fully connected on random layers", "[conformance]") {
    REQUIRE(xnn_initialize(nullptr) == xnn_status_success);
    test::ScratchDir dir("xnnpack");
    std::mt19937 rng(77);
    std::uniform_int_distribution<int> s8(-128, 127), n_dist(1, 48), k_dist(1, 256), b_dist(1, 6);
    std::uniform_int_distribution<std::int32_t> bias_dist(-(1 << 18), 1 << 18);
    std::uniform_real_distribution<float> log_scale(-9.0f, -3.0f);
    test::BackendTally tally;
    long layers = 0;
    for (int l = 0; l < 90; ++l) {
        // Every third layer is built for exact ties: power-of-two scales make float(acc) * scale exact, and a
        // short K with a small bias keeps the scaled accumulators inside the clamp, where x.5 must round to even.
        const bool ties = l % 3 == 0;
        const int n = n_dist(rng), k = ties ? 1 + k_dist(rng) % 3 : k_dist(rng), batch = b_dist(rng);
        float in_scale = std::exp2(log_scale(rng) + 4.0f), w_scale = std::exp2(log_scale(rng));
        float out_scale = std::exp2(log_scale(rng) + 3.0f);
        if (ties) {
            in_scale = 0.5f;
            w_scale = std::exp2(-static_cast<float>(2 + l % 5));
            out_scale = 1.0f;
        }
        const float requant = in_scale * w_scale / out_scale;
        if (!(requant >= 0x1.0p-32f && requant < 256.0f)) continue;  // XNNPACK's documented domain
        const int in_zp = s8(rng), out_zp = s8(rng);
        int out_min = s8(rng), out_max = s8(rng);
        if (out_min > out_max) std::swap(out_min, out_max);
        if (out_min == out_max) out_min == -128 ? ++out_max : --out_min;  // XNNPACK requires min < max
        if (ties) out_min = -128, out_max = 127;
        std::vector<std::int8_t> w(n * k), x(batch * k), y_ref(batch * n);
        std::vector<std::int32_t> bias(n);
        for (auto& v : w) v = static_cast<std::int8_t>(s8(rng));
        for (auto& v : x) v = static_cast<std::int8_t>(s8(rng));
        for (auto& v : bias) v = ties ? bias_dist(rng) % 512 : bias_dist(rng);

        xnn_operator_t op = nullptr;
        REQUIRE(xnn_create_fully_connected_nc_qs8(k, n, k, n, static_cast<std::int8_t>(in_zp), in_scale, w_scale, w.data(),
                                                  bias.data(), static_cast<std::int8_t>(out_zp), out_scale,
                                                  static_cast<std::int8_t>(out_min), static_cast<std::int8_t>(out_max), 0,
                                                  &op) == xnn_status_success);
        REQUIRE(xnn_setup_fully_connected_nc_qs8(op, batch, x.data(), y_ref.data(), nullptr) == xnn_status_success);
        REQUIRE(xnn_run_operator(op, nullptr) == xnn_status_success);
        xnn_delete_operator(op);

        layer::write_npy(dir.file("w.npy"), layer::Dtype::Int8, {std::size_t(n), std::size_t(k)},
                         std::vector<std::int64_t>(w.begin(), w.end()));
        layer::write_npy(dir.file("b.npy"), layer::Dtype::Int32, {std::size_t(n)},
                         std::vector<std::int64_t>(bias.begin(), bias.end()));
        layer::write_npy(dir.file("x.npy"), layer::Dtype::Int8, {std::size_t(batch), std::size_t(k)},
                         std::vector<std::int64_t>(x.begin(), x.end()));
        test::write_text(dir.file("layer.json"),
                         "{\"weights\": \"w.npy\", \"bias\": \"b.npy\", \"input_zero_point\": " + std::to_string(in_zp) +
                             ", \"requant\": {\"mode\": \"fp32\", \"input_scale\": " + float_text(in_scale) +
                             ", \"weight_scale\": " + float_text(w_scale) + ", \"output_scale\": " + float_text(out_scale) +
                             "}, \"output_zero_point\": " + std::to_string(out_zp) + ", \"output_min\": " +
                             std::to_string(out_min) + ", \"output_max\": " + std::to_string(out_max) + "}");
        ++layers;
        test::run_on_every_backend(dir, std::vector<std::int64_t>(y_ref.begin(), y_ref.end()), tally);
    }
    for (const auto& [backend, count] : tally.compared) {
        std::cout << "XNNPACK qs8 fully connected vs qmac run (" << backend << ", fp32): " << count << " outputs compared, " << tally.refused[backend]
                  << " layers refused as not provably exact on integer hardware\n";
    }
    std::cout << "XNNPACK qs8 fully connected vs qmac run: " << layers << " layers, all backends: " << tally.mismatches
              << " mismatches\n";
    CHECK(tally.compared["golden"] > 1000);
    CHECK(tally.compared.size() == test::qmac_backends().size());
    // fp32 runs on the hardware's float32 rounding, the same arithmetic: no layer may be refused anywhere.
    for (const std::string& backend : test::qmac_backends()) {
        INFO(backend << ": " << tally.refused[backend] << " of " << layers << " layers refused");
        CHECK(tally.refused[backend] == 0);
    }
    CHECK(tally.mismatches == 0);
}
