// qmac_spill_register: a two-entry valid/ready buffer that cuts the combinational ready path.
//
// ready_o is a register output (it never depends on ready_i in the same cycle), no beat is lost or
// duplicated for any ready_i pattern, and a beat entering an empty buffer is visible at data_o on the
// next cycle (latency 1). Throughput is one beat per cycle while ready_i stays high.
module qmac_spill_register #(
  parameter int Width = 8
) (
  input  logic             clk_i,
  input  logic             rst_i,    // synchronous, active high: empties both entries
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [Width-1:0] data_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [Width-1:0] data_o
);
  // Entry A drives the output; entry B holds the beat that arrived while A was stalled.
  logic             a_full_q, a_full_d;
  logic             b_full_q, b_full_d;
  logic [Width-1:0] a_data_q, a_data_d;
  logic [Width-1:0] b_data_q, b_data_d;

  logic in_fire, out_fire;
  assign ready_o  = !b_full_q;
  assign in_fire  = valid_i && ready_o;
  assign out_fire = a_full_q && ready_i;

  // The full flags follow the handshakes. The data registers' enables are flip-flops only (iCE40 Fmax: they
  // reach every data bit): A loads whenever it is empty or its beat leaves (B's beat if B holds one, else the
  // incoming value), B whenever it is empty; a value loaded without a transfer is never shown (valid_o low).
  always_comb begin
    a_full_d = a_full_q;
    b_full_d = b_full_q;
    if (out_fire) begin
      // A leaves; B (if any) moves up, else A takes the incoming beat.
      if (b_full_q) begin
        b_full_d = 1'b0;
        a_full_d = 1'b1;
      end else begin
        a_full_d = in_fire;
      end
    end else if (in_fire) begin
      if (a_full_q) b_full_d = 1'b1;
      else          a_full_d = 1'b1;
    end
  end
  always_comb begin
    a_data_d = a_data_q;
    if (!a_full_q || ready_i) begin
      if (b_full_q) a_data_d = b_data_q;
      else          a_data_d = data_i;
    end
    b_data_d = b_full_q ? b_data_q : data_i;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      a_full_q <= 1'b0;
      b_full_q <= 1'b0;
    end else begin
      a_full_q <= a_full_d;
      b_full_q <= b_full_d;
    end
    a_data_q <= a_data_d;
    b_data_q <= b_data_d;
  end

  assign valid_o = a_full_q;
  assign data_o  = a_data_q;

endmodule
