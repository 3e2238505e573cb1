// Runs rtl/qmac_dot_assertions.sv in Icarus (4-state): qmac_dot (LANES = 4, int8 activations, 9-bit weights) with random input bubbles,
// random output back-pressure and legal corner parameters on every beat, then, with XREADY = 1, one cycle of
// m_ready_i = x near the end, which a_known_handshake must report. Prints "DONE <outputs>" at the end (Icarus' $error does
// not stop the simulation); tests/rtl/CMakeLists.txt checks the messages.
module icarus_assertions_tb;
  parameter int CYCLES = 3000;
  parameter bit XREADY = 1'b0;
  localparam int Lanes = 4;
  logic clk = 1'b0, rst = 1'b1;
  logic s_valid = 1'b0, s_last = 1'b0, m_ready = 1'b0;
  logic s_ready, m_valid;
  logic [Lanes*qmac_pkg::ActBits-1:0] act = '0;
  logic [Lanes*qmac_pkg::WeightBits-1:0] wgt = '0;
  logic [qmac_pkg::OutBits-1:0] m_data;
  logic signed [qmac_pkg::ShiftBits-1:0] shift = '0;
  logic [qmac_pkg::RoundingBits-1:0] rounding = '0;
  logic signed [qmac_pkg::OutParamBits-1:0] zero_point = '0;
  int outputs = 0, seed = 5, shift_lo, shift_hi;
  qmac_dot #(.LANES(Lanes), .ACT_SIGNED(1'b1)) dut (
    .clk_i(clk), .rst_i(rst), .s_valid_i(s_valid), .s_ready_o(s_ready), .s_act_i(act), .s_wgt_i(wgt),
    .s_last_i(s_last), .s_bias_i(32'sd1000), .s_multiplier_i(32'sd1073741824), .s_shift_i(shift),
    .s_rounding_i(rounding), .s_wrap_offset_i('0), .s_out_zero_point_i(zero_point), .s_out_min_i(-9'sd128), .s_out_max_i(9'sd127),
    .m_valid_o(m_valid), .m_ready_i(m_ready), .m_data_o(m_data));
  always #5 clk = ~clk;
  // Count outputs at the rising edge; drive after the falling edge.
  always @(posedge clk) if (!rst && m_valid && m_ready === 1'b1) outputs <= outputs + 1;
  initial begin
    repeat (3) @(posedge clk);
    @(negedge clk) rst = 1'b0;
    for (int c = 0; c < CYCLES; c++) begin
      @(negedge clk);
      // A new random beat every cycle (the design does not require a held beat to stay unchanged).
      s_valid = ($random(seed) & 3) != 0;
      act = $random(seed);
      wgt = {$random(seed), $random(seed)};   // 4 lanes of 9 bits
      s_last = ($random(seed) & 3) == 0;
      // Every rounding code (multiplier 2^30 is also the legal float32 2.0) at its smallest or largest shift.
      rounding = 3'(($random(seed) & 32'h7fff_ffff) % qmac_pkg::RoundingCodes);
      shift_lo = qmac_pkg::shift_min(rounding);
      shift_hi = qmac_pkg::shift_max(rounding);
      shift = ($random(seed) & 1) ? 6'(shift_lo) : 6'(shift_hi);
      zero_point = ($random(seed) & 1) ? -9'sd128 : 9'sd255;
      m_ready = ($random(seed) % 3) != 0;
      if (XREADY && c == CYCLES - 3) m_ready = 1'bx;  // near the end: the x then spreads into the output buffer
    end
    $display("DONE %0d outputs", outputs);
    $finish;
  end
endmodule
