package dev.slipway.delivery.web;

/** The Delivery page's filters, bound from the query string and kept as typed, so a bad date shows beside its error. */
class DeliveryForm {

    private String team;
    private String service;
    private String environment;
    private String from;
    private String to;

    public String getTeam() { return team; }
    public void setTeam(String value) { this.team = value; }
    public String getService() { return service; }
    public void setService(String value) { this.service = value; }
    public String getEnvironment() { return environment; }
    public void setEnvironment(String value) { this.environment = value; }
    public String getFrom() { return from; }
    public void setFrom(String value) { this.from = value; }
    public String getTo() { return to; }
    public void setTo(String value) { this.to = value; }
}
