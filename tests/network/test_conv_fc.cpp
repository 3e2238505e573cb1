// conv_2d and fully_connected against direct nested-loop computations written here, independently of the
// runner's im2col: every accumulator sum((x - zin) * (w - zw)) + bias, and every output its requantization.
#include <catch2/catch.hpp>

#include "network_fixture.hpp"

using namespace qmac;
using test::int8_tensor;

namespace {

struct ConvCase {
    bool nchw;
    std::size_t batch, c, h, w, n, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr, groups;
};

std::string list(std::initializer_list<std::size_t> v) {
    std::string s = "[";
    for (std::size_t x : v) s += (s.size() > 1 ? ", " : "") + std::to_string(x);
    return s + "]";
}

void check_conv(const ConvCase& k) {
    const std::size_t oh = (k.h + k.pt + k.pb - k.dh * (k.kh - 1) - 1) / k.sh + 1;
    const std::size_t ow = (k.w + k.pl + k.pr - k.dw * (k.kw - 1) - 1) / k.sw + 1;
    const std::size_t cg = k.c / k.groups, ng = k.n / k.groups;
    const std::int32_t zin = 7, zout = -4;
    const layer::LayerSpec L = test::random_layer(k.n, k.kh * k.kw * cg, zin, zout, 42);
    const std::string in_shape = k.nchw ? list({k.batch, k.c, k.h, k.w}) : list({k.batch, k.h, k.w, k.c});
    const std::string out_shape = k.nchw ? list({k.batch, k.n, oh, ow}) : list({k.batch, oh, ow, k.n});
    const std::string text = test::network_json(
        "x", "y", {{"x", int8_tensor(in_shape, 0.1, zin, "x")}, {"y", int8_tensor(out_shape, 0.2, zout, "y")}},
        {"{\"op\": \"conv_2d\", \"name\": \"conv\", \"inputs\": [\"x\"], \"outputs\": [\"y\"], \"layer\": \"c.json\", "
         "\"layout\": \"" + std::string(k.nchw ? "nchw" : "nhwc") + "\", \"kernel\": " + list({k.kh, k.kw}) +
         ", \"stride\": " + list({k.sh, k.sw}) + ", \"dilation\": " + list({k.dh, k.dw}) +
         ", \"pads\": " + list({k.pt, k.pl, k.pb, k.pr}) + ", \"groups\": " + std::to_string(k.groups) + "}"});
    const network::NetworkSpec net = test::parse(text, {{"c.json", L}});
    network::Tensor x;
    x.codes = test::random_codes(k.batch * k.c * k.h * k.w, 3);
    const network::NetworkRun run = network::run_network(net, x, network::golden_mac());
    const std::vector<std::int32_t>& y = run.tensors[net.output].codes;
    const std::vector<std::int32_t>& acc = run.accumulators[net.output];
    REQUIRE(y.size() == k.batch * k.n * oh * ow);
    REQUIRE(acc.size() == y.size());

    // The direct convolution: NHWC input x[b][i][j][c] or NCHW x[b][c][i][j]; weights in the layer's own
    // order, TFLite [N][KH][KW][C/G] or ONNX [N][C/G][KH][KW].
    const auto in_at = [&](std::size_t b, std::size_t c, std::size_t i, std::size_t j) {
        return k.nchw ? x.codes[((b * k.c + c) * k.h + i) * k.w + j] : x.codes[((b * k.h + i) * k.w + j) * k.c + c];
    };
    const auto w_at = [&](std::size_t o, std::size_t c, std::size_t i, std::size_t j) {
        const std::size_t col = k.nchw ? (c * k.kh + i) * k.kw + j : (i * k.kw + j) * cg + c;
        return L.weights[o * L.k + col] - L.weight_zero_point[o];
    };
    std::size_t checked = 0, padded_reads = 0;
    for (std::size_t b = 0; b < k.batch; ++b)
        for (std::size_t o = 0; o < k.n; ++o)
            for (std::size_t p = 0; p < oh; ++p)
                for (std::size_t q = 0; q < ow; ++q) {
                    std::int64_t sum = L.bias[o];
                    const std::size_t g = o / ng;
                    for (std::size_t c = 0; c < cg; ++c)
                        for (std::size_t i = 0; i < k.kh; ++i)
                            for (std::size_t j = 0; j < k.kw; ++j) {
                                const long yy = long(p * k.sh + i * k.dh) - long(k.pt);
                                const long xx = long(q * k.sw + j * k.dw) - long(k.pl);
                                if (yy < 0 || xx < 0 || yy >= long(k.h) || xx >= long(k.w)) {
                                    ++padded_reads;  // real 0: contributes nothing
                                    continue;
                                }
                                sum += std::int64_t(in_at(b, g * cg + c, std::size_t(yy), std::size_t(xx)) - zin) * w_at(o, c, i, j);
                            }
                    const std::size_t idx = k.nchw ? ((b * k.n + o) * oh + p) * ow + q : ((b * oh + p) * ow + q) * k.n + o;
                    REQUIRE(acc[idx] == sum);
                    REQUIRE(y[idx] == golden::requantize(static_cast<std::int32_t>(sum), L.requant[o], L.output));
                    ++checked;
                }
    CHECK(checked == y.size());
    if (k.pt + k.pl + k.pb + k.pr > 0) CHECK(padded_reads > 0);
}

}  // namespace

TEST_CASE("conv_2d nhwc with stride, dilation, asymmetric pads and 2 groups equals a direct convolution") {
    check_conv({false, 2, 4, 5, 6, 6, 3, 2, 2, 1, 1, 2, 1, 0, 2, 1, 2});
}

TEST_CASE("conv_2d nchw with stride, dilation, asymmetric pads and 2 groups equals a direct convolution") {
    check_conv({true, 2, 4, 5, 6, 6, 3, 2, 2, 1, 1, 2, 1, 0, 2, 1, 2});
}

TEST_CASE("conv_2d depthwise (groups = channels, depth multiplier 2) in both layouts") {
    check_conv({false, 1, 3, 6, 5, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 3});
    check_conv({true, 1, 3, 6, 5, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 3});
}

TEST_CASE("conv_2d 1x1 without padding, one group") {
    check_conv({false, 3, 5, 2, 3, 4, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1});
}

TEST_CASE("fully_connected takes the input's codes as B rows of K") {
    const layer::LayerSpec L = test::random_layer(5, 4, -2, 3, 9);
    const network::NetworkSpec net = test::parse(
        test::network_json("x", "y", {{"x", int8_tensor("[2, 3, 4]", 0.1, -2, "x")}, {"y", int8_tensor("[6, 5]", 0.3, 3, "y")}},
                           {R"({"op": "fully_connected", "name": "fc", "inputs": ["x"], "outputs": ["y"], "layer": "fc.json"})"}),
        {{"fc.json", L}});
    network::Tensor x;
    x.codes = test::random_codes(24, 5);
    const network::NetworkRun run = network::run_network(net, x, network::golden_mac());
    for (std::size_t r = 0; r < 6; ++r)
        for (std::size_t o = 0; o < 5; ++o) {
            std::int64_t sum = L.bias[o];
            for (std::size_t i = 0; i < 4; ++i) sum += std::int64_t(x.codes[r * 4 + i] + 2) * (L.weights[o * 4 + i] - L.weight_zero_point[o]);
            REQUIRE(run.accumulators[net.output][r * 5 + o] == sum);
            REQUIRE(run.tensors[net.output].codes[r * 5 + o] == golden::requantize(std::int32_t(sum), L.requant[o], L.output));
        }
}
