// What every Verilated DUT wrapper of sim/host holds: its own VerilatedContext (x-random or zeroed initial
// state, seeded), the model, the clock edge (both clock phases evaluated, each dumped when tracing) and the
// FST trace. rtl_dut.hpp (qmac_dot) and rtl_mvu_dut.hpp (qmac_mvu) drive the ports; this holds the rest.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "verilated.h"
#include "verilated_fst_c.h"

namespace qmac::tb {

// Model: a Verilated class with ports clk_i and rst_i.
template <class Model>
class VerilatedModel {
public:
    VerilatedModel(bool x_random, std::uint64_t seed) : ctx_(new VerilatedContext) {
        // Registers without reset (and memories) start random when asked (--x-initial unique), else zero.
        ctx_->randReset(x_random ? 2 : 0);
        ctx_->randSeed(static_cast<int>(seed & 0x7fffffff));
        ctx_->traceEverOn(true);
        m_.reset(new Model(ctx_.get()));
        m_->clk_i = 0;
        m_->rst_i = 0;
        m_->eval();
    }
    ~VerilatedModel() {
        close_trace();
        m_->final();
    }
    VerilatedModel(const VerilatedModel&) = delete;
    VerilatedModel& operator=(const VerilatedModel&) = delete;

    Model& operator*() { return *m_; }
    Model* operator->() { return m_.get(); }
    const Model* operator->() const { return m_.get(); }
    VerilatedContext& context() { return *ctx_; }

    // One rising clock edge with the inputs as set: clock high, evaluate, clock low, evaluate.
    void edge() {
        m_->clk_i = 1;
        m_->eval();
        if (trace_) trace_->dump(2 * cycle_ + 1);
        m_->clk_i = 0;
        m_->eval();
        if (trace_) trace_->dump(2 * cycle_ + 2);
        ++cycle_;
    }

    bool open_trace(const std::string& path) {
        close_trace();
        trace_.reset(new VerilatedFstC);
        m_->trace(trace_.get(), 99);
        trace_->open(path.c_str());
        return trace_->isOpen();
    }
    void close_trace() {
        if (trace_) {
            trace_->close();
            trace_.reset();
        }
    }

private:
    std::unique_ptr<VerilatedContext> ctx_;
    std::unique_ptr<Model> m_;
    std::unique_ptr<VerilatedFstC> trace_;
    std::uint64_t cycle_ = 0;
};

}  // namespace qmac::tb
